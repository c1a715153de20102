"use client";
import * as Popover from "@radix-ui/react-popover";
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { Settings2, X } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { PopoverPanel } from "@/components/ui/popover-panel";
import { COMIC_LIMITS, TRIM_PRESETS, type ComicSettings, type ReadingDirection, type TrimPreset } from "@/lib/comic/comic-schema";
import { useCastboard } from "@/lib/state/store";

const TOGGLE =
  "h-7 flex-1 rounded-md px-2 text-xs text-muted hover:bg-black/5 data-[state=on]:bg-surface data-[state=on]:text-ink data-[state=on]:shadow-sm data-[state=on]:ring-1 data-[state=on]:ring-line";

/** The project's page setup: trim, reading direction, gutter, margin and border weight. */
export function PageSettings({ settings }: { settings: ComicSettings }) {
  const update = useCastboard((s) => s.updateComicSettings);
  const trimId = useId();
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button size="sm" data-testid="page-setup">
          <Settings2 aria-hidden className="size-4" /> Page setup
        </Button>
      </Popover.Trigger>
      <PopoverPanel className="flex w-[min(92vw,320px)] flex-col gap-3 p-4" aria-label="Page setup">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-semibold">Page setup</h2>
          <Popover.Close asChild>
            <Button size="icon" variant="ghost" className="-mr-2 size-8" aria-label="Close page setup">
              <X aria-hidden className="size-4" />
            </Button>
          </Popover.Close>
        </div>
        <label htmlFor={trimId} className="grid gap-1 text-xs font-medium">
          Trim size
          <select
            id={trimId}
            value={settings.trim}
            onChange={(e) => update({ trim: e.target.value as TrimPreset })}
            className="h-8 rounded-md bg-surface px-2 text-[13px] font-normal ring-1 ring-line"
          >
            {(Object.keys(TRIM_PRESETS) as TrimPreset[]).map((k) => (
              <option key={k} value={k}>
                {TRIM_PRESETS[k].label}
              </option>
            ))}
          </select>
        </label>
        <div className="grid gap-1 text-xs font-medium">
          <span id={`${trimId}-dir`}>Reading direction</span>
          <ToggleGroup.Root
            type="single"
            value={settings.readingDirection}
            onValueChange={(value) => value && update({ readingDirection: value as ReadingDirection })}
            aria-labelledby={`${trimId}-dir`}
            className="flex gap-0.5 rounded-lg bg-canvas p-0.5 ring-1 ring-line"
          >
            <ToggleGroup.Item value="ltr" className={TOGGLE}>
              Left to right
            </ToggleGroup.Item>
            <ToggleGroup.Item value="rtl" className={TOGGLE}>
              Right to left (manga)
            </ToggleGroup.Item>
          </ToggleGroup.Root>
        </div>
        <Measure label="Gutter" value={settings.gutterPt} limits={COMIC_LIMITS.gutterPt} step={1} onChange={(gutterPt) => update({ gutterPt })} />
        <Measure label="Outer margin" value={settings.marginPt} limits={COMIC_LIMITS.marginPt} step={1} onChange={(marginPt) => update({ marginPt })} />
        <Measure label="Border weight" value={settings.borderPt} limits={COMIC_LIMITS.borderPt} step={0.25} onChange={(borderPt) => update({ borderPt })} />
        <p className="text-[11px] leading-snug text-muted">Sizes in points (72 to the inch). Print adds a 0.125 in bleed outside the trim.</p>
      </PopoverPanel>
    </Popover.Root>
  );
}

function Measure({ label, value, limits, step, onChange }: { label: string; value: number; limits: { min: number; max: number }; step: number; onChange: (value: number) => void }) {
  return (
    <label className="grid grid-cols-[1fr_auto] items-center gap-x-2 gap-y-1 text-xs font-medium">
      {label}
      <output className="text-right font-normal text-muted tabular-nums">{value} pt</output>
      <input
        type="range"
        min={limits.min}
        max={limits.max}
        step={step}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
        aria-label={`${label} (pt)`}
        className="col-span-2 accent-ink"
      />
    </label>
  );
}
