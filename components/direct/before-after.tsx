"use client";
import * as Dialog from "@radix-ui/react-dialog";
import * as Slider from "@radix-ui/react-slider";
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { ChevronsLeftRight } from "lucide-react";
import { useState } from "react";
import { Field, useFieldIds } from "@/components/composer/field";
import { Segmented } from "@/components/composer/segmented";
import { DialogPanel } from "@/components/ui/dialog-panel";
import { DialogTitleBar } from "@/components/ui/dialog-title-bar";
import { ORIGIN_LABELS, sourceLabel, takeNumber, takeOrigin } from "@/lib/board/take-origin";
import type { Panel, Take } from "@/lib/state/panel-schema";
import { StoredImage } from "./restage-source";

type View = "split" | "before" | "after";
/** Radix keeps the divider's 36 px grip inside the frame by shifting it; the cut follows it. */
const GRIP_HALF = 18;
const thumbOffset = (percent: number) => GRIP_HALF * (1 - percent / 50);
const VIEW_TOGGLE =
  "h-8 rounded-md px-3 text-[13px] font-medium text-muted hover:text-ink data-[state=on]:bg-surface data-[state=on]:text-ink data-[state=on]:shadow-sm data-[state=on]:ring-1 data-[state=on]:ring-line";

/**
 * A fixed or restaged take over the image it started from: a divider to drag (or move with the
 * arrow keys) between before and after, and a toggle to see either one whole.
 */
export function BeforeAfter({ panel, take, imageIndex, onClose }: { panel: Panel; take: Take; imageIndex: number; onClose: () => void }) {
  const ids = useFieldIds();
  const [split, setSplit] = useState(50);
  const [view, setView] = useState<View>("split");
  const [index, setIndex] = useState(Math.min(imageIndex, take.images.length - 1));
  const direction = take.recipe.direction;
  const after = take.images[index];
  const number = takeNumber(panel.takes, take.id);
  // Before shows left of the divider, after right of it; the toggle puts the divider at an edge.
  const shown = view === "before" ? 100 : view === "after" ? 0 : split;
  const title = `Before and after · Take ${number ?? "?"} (${ORIGIN_LABELS[takeOrigin(take)]})`;
  const frame = after ?? direction?.image;
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <DialogPanel className="flex max-h-[94dvh] w-[min(64rem,calc(100vw-1.5rem))] flex-col gap-3 p-4" aria-describedby={`${ids.hint}-about`} data-testid="before-after">
        <DialogTitleBar title={title} closeLabel="Close before and after" />
        <p id={`${ids.hint}-about`} className="text-[13px] text-muted">
          {direction ? `Before: ${sourceLabel(direction.source, panel.takes)}. After: this take.` : "This take has no image it started from."} Drag the divider, or focus it and use the arrow keys.
        </p>
        {direction && after ? (
          <div className="relative mx-auto w-full overflow-hidden rounded-lg bg-canvas ring-1 ring-line" style={{ aspectRatio: `${frame!.width} / ${frame!.height}`, maxHeight: "70dvh", maxWidth: `calc(70dvh * ${frame!.width / frame!.height})` }}>
            <div className="absolute inset-0">
              <StoredImage image={direction.image} alt="Before" />
            </div>
            <div className="absolute inset-0" style={{ clipPath: `inset(0 0 0 calc(${shown}% + ${view === "split" ? thumbOffset(shown) : 0}px))` }} data-testid="after-layer">
              <StoredImage image={after} alt="After" />
            </div>
            <span aria-hidden className="absolute bottom-2 left-2 rounded bg-black/60 px-1.5 py-0.5 text-xs font-medium text-white">Before</span>
            <span aria-hidden className="absolute right-2 bottom-2 rounded bg-black/60 px-1.5 py-0.5 text-xs font-medium text-white">After</span>
            <Slider.Root
              className="absolute inset-0 flex touch-none items-center select-none"
              value={[shown]}
              min={0}
              max={100}
              step={1}
              onValueChange={([v]) => {
                if (v === undefined) return;
                setSplit(v);
                setView("split");
              }}
            >
              <Slider.Track className="relative h-full grow">
                <Slider.Range className="absolute h-full" />
              </Slider.Track>
              <Slider.Thumb
                aria-label="Divider between before and after"
                aria-valuetext={`${shown}% before, ${100 - shown}% after`}
                className="relative block size-9 cursor-ew-resize rounded-full outline-none focus-visible:ring-4 focus-visible:ring-accent"
                data-testid="compare-divider"
              >
                <span aria-hidden className="absolute -top-[100dvh] -bottom-[100dvh] left-1/2 w-0.5 -translate-x-1/2 bg-white shadow-[0_0_0_1px_rgba(0,0,0,0.35)]" />
                <span aria-hidden className="absolute inset-0 grid place-items-center rounded-full bg-white text-ink shadow ring-1 ring-black/20">
                  <ChevronsLeftRight className="size-4" />
                </span>
              </Slider.Thumb>
            </Slider.Root>
          </div>
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ToggleGroup.Root type="single" value={view} onValueChange={(v) => v && setView(v as View)} aria-label="Show" className="flex gap-0.5 rounded-lg bg-canvas p-0.5 ring-1 ring-line">
            <ToggleGroup.Item value="split" className={VIEW_TOGGLE}>
              Split
            </ToggleGroup.Item>
            <ToggleGroup.Item value="before" className={VIEW_TOGGLE}>
              Before
            </ToggleGroup.Item>
            <ToggleGroup.Item value="after" className={VIEW_TOGGLE}>
              After
            </ToggleGroup.Item>
          </ToggleGroup.Root>
          {take.images.length > 1 ? (
            <Field ids={ids} group label="Image" errors={[]} className="w-full max-w-72 sm:w-72">
              <Segmented labelledBy={ids.label} value={String(index)} options={take.images.map((_, i) => ({ value: String(i), label: String(i + 1) }))} onChange={(v) => setIndex(Number(v))} />
            </Field>
          ) : null}
        </div>
      </DialogPanel>
    </Dialog.Root>
  );
}
