"use client";
import * as Popover from "@radix-ui/react-popover";
import { clsx } from "clsx";
import { Loader2, Sparkles, WandSparkles } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { RefineOperation } from "@/lib/mask/auto/types";
import { REFINE_MAX_PX, REFINE_MIN_PX, refinePixels } from "./auto-options";
import { dark, Group, SliderControl } from "./mask-toolbar";
import type { AutoToolActions } from "./use-painter";

export interface AutoToolbarState {
  tolerance: number;
  contiguous: boolean;
  /** What the worker is doing, while it runs. */
  busy: string | null;
  message: { text: string; tone: "error" | "info" } | null;
  /** How many results went into the document this session: the status carries it for tests to wait on. */
  applied: number;
}

const REFINES: readonly { label: string; title: string; op: (px: number) => RefineOperation }[] = [
  { label: "Grow", title: "Grow the mask by the pixels set", op: (pixels) => ({ kind: "grow", pixels }) },
  { label: "Shrink", title: "Shrink the mask by the pixels set", op: (pixels) => ({ kind: "shrink", pixels }) },
  { label: "Feather", title: "Smooth the edge over the pixels set (the mask stays black and white)", op: (pixels) => ({ kind: "feather", pixels }) },
  { label: "Remove specks", title: "Remove islands smaller than the pixels set, squared", op: (px) => ({ kind: "remove-specks", minPixels: px * px }) },
  { label: "Fill holes", title: "Fill every hole inside the mask", op: () => ({ kind: "fill-holes" }) },
];

/** Auto mask, the wand's options and the refine menu: the painter's automatic tools for a character's mask. */
export function AutoToolbar({ tool, state, actions }: { tool: string; state: AutoToolbarState; actions: AutoToolActions }) {
  const [pixelsText, setPixelsText] = useState("4");
  const pixels = refinePixels(pixelsText);
  const busy = state.busy !== null;
  return (
    <>
      <Group label="Automatic">
        <Button variant="ghost" size="sm" className={dark} onClick={actions.autoMask} disabled={busy} title="Propose the mask from the image (one undo step)">
          {busy ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <Sparkles aria-hidden className="size-4" />} Auto mask
        </Button>
        <Popover.Root>
          <Popover.Trigger asChild>
            <Button variant="ghost" size="sm" className={dark} disabled={busy} title="Grow, shrink, feather, remove specks, fill holes">
              <WandSparkles aria-hidden className="size-4" /> Refine
            </Button>
          </Popover.Trigger>
          <Popover.Portal>
            <Popover.Content
              sideOffset={6}
              aria-label="Refine the mask"
              className="z-[60] grid w-56 gap-2 rounded-lg bg-[#26262a] p-3 text-sm text-white shadow-lg ring-1 ring-white/10"
            >
              <label className="flex items-center justify-between gap-2 text-xs">
                <span>Pixels</span>
                <input
                  type="number"
                  inputMode="numeric"
                  min={REFINE_MIN_PX}
                  max={REFINE_MAX_PX}
                  value={pixelsText}
                  onChange={(e) => setPixelsText(e.target.value)}
                  aria-invalid={pixels === null}
                  className="h-8 w-20 rounded-md border border-white/20 bg-black/30 px-2 text-right tabular-nums"
                />
              </label>
              {pixels === null ? (
                <p className="text-xs text-red-300" role="alert">
                  Enter a whole number from {REFINE_MIN_PX} to {REFINE_MAX_PX}.
                </p>
              ) : null}
              <div className="grid gap-1">
                {REFINES.map((refine) => (
                  <Popover.Close asChild key={refine.label}>
                    <Button
                      variant="ghost"
                      size="sm"
                      className={clsx(dark, "justify-start")}
                      disabled={busy || (pixels === null && refine.label !== "Fill holes")}
                      title={refine.title}
                      onClick={() => actions.refine(refine.op(pixels ?? REFINE_MIN_PX))}
                    >
                      {refine.label}
                    </Button>
                  </Popover.Close>
                ))}
              </div>
            </Popover.Content>
          </Popover.Portal>
        </Popover.Root>
      </Group>
      {tool === "wand" ? (
        <Group label="Wand">
          <label className="flex items-center gap-1.5 text-xs">
            <input type="checkbox" checked={state.contiguous} onChange={(e) => actions.setContiguous(e.target.checked)} className="accent-white" />
            Contiguous
          </label>
          <span className="text-xs text-white/70">Tolerance</span>
          <SliderControl label="Wand tolerance" value={state.tolerance} min={0} max={100} step={1} onChange={actions.setTolerance} />
          <span className="w-8 text-xs tabular-nums">{state.tolerance}</span>
        </Group>
      ) : null}
      <span
        role={state.message?.tone === "error" ? "alert" : "status"}
        className={clsx("shrink-0 text-xs", state.message?.tone === "error" ? "text-red-300" : "text-white/70")}
        data-testid="auto-tool-status"
        data-applied={state.applied}
      >
        {state.busy ?? state.message?.text ?? ""}
      </span>
    </>
  );
}
