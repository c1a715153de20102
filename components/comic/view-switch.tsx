"use client";
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { BookOpen, LayoutGrid } from "lucide-react";

export type CentreView = "board" | "pages";

const ITEM =
  "flex h-7 items-center gap-1.5 rounded-md px-2 text-[13px] font-medium text-muted hover:bg-black/5 data-[state=on]:bg-surface data-[state=on]:text-ink data-[state=on]:shadow-sm data-[state=on]:ring-1 data-[state=on]:ring-line";

/** Board | Pages: the storyboard grid, or the same panels laid out as comic pages. */
export function ViewSwitch({ view, onChange }: { view: CentreView; onChange: (view: CentreView) => void }) {
  return (
    <ToggleGroup.Root
      type="single"
      value={view}
      onValueChange={(value) => value && onChange(value as CentreView)}
      aria-label="View"
      className="flex gap-0.5 rounded-lg bg-canvas p-0.5 ring-1 ring-line"
      data-testid="view-switch"
    >
      <ToggleGroup.Item value="board" className={ITEM}>
        <LayoutGrid aria-hidden className="size-3.5" /> Board
      </ToggleGroup.Item>
      <ToggleGroup.Item value="pages" className={ITEM}>
        <BookOpen aria-hidden className="size-3.5" /> Pages
      </ToggleGroup.Item>
    </ToggleGroup.Root>
  );
}
