"use client";
import { ArrowLeft, ArrowRight, Crop, Loader2, RotateCcw, Sparkles, TriangleAlert, ZoomIn, ZoomOut } from "lucide-react";
import { useId } from "react";
import { toast } from "sonner";
import { useShallow } from "zustand/react/shallow";
import { Button } from "@/components/ui/button";
import { panelImage } from "@/lib/board/chosen";
import { DEFAULT_FRAMING } from "@/lib/comic/comic-schema";
import type { ResolvedFrame } from "@/lib/comic/comic-types";
import { aspectWarning, imageSizeForFrame } from "@/lib/comic/frame-shape";
import { formatUsd } from "@/lib/fal/pricing";
import { generatePanel } from "@/lib/generation/generate";
import { recipeCostCents } from "@/lib/generation/request";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { MAX_ZOOM, zoomTo } from "./comic-frame";

/**
 * The selected frame's controls: zoom (the image pans by dragging it in the frame), the warning
 * when the frame's shape is not the image's with the one-click fix, and moving the panel by keyboard.
 */
export function FrameToolbar({
  frame,
  panel,
  number,
  pageNumber,
  boardIndex,
  starts,
}: {
  frame: ResolvedFrame;
  panel: Panel;
  number: number;
  pageNumber: number;
  boardIndex: number;
  /** Board index of each page's first frame. */
  starts: number[];
}) {
  const { setFraming, movePanelToFrame, updatePanelSettings, mode, panelCount } = useCastboard(
    useShallow((s) => ({
      setFraming: s.setFraming,
      movePanelToFrame: s.movePanelToFrame,
      updatePanelSettings: s.updatePanelSettings,
      mode: s.generationMode,
      panelCount: s.panels.length,
    })),
  );
  const id = useId();
  const image = panelImage(panel)?.image;
  const warning = image ? aspectWarning(frame.rect, image) : null;
  const zoom = frame.framing.zoom;
  const setZoom = (value: number) => setFraming(panel.id, { ...frame.framing, zoom: zoomTo(value) }, `zoom:${panel.id}`);
  const size = imageSizeForFrame(frame.rect);
  const cost = recipeCostCents({ ...panel.recipe, settings: { ...panel.recipe.settings, imageSize: { kind: "custom", ...size } } });

  const generate = async () => {
    updatePanelSettings(panel.id, { imageSize: { kind: "custom", ...size } });
    const outcome = await generatePanel(panel.id);
    if (!outcome.ok && outcome.error.kind !== "cancelled") toast.error(`Shot ${number}: ${outcome.error.message}`);
  };

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-lg bg-surface px-3 py-2 text-[13px] ring-1 ring-line" data-testid="frame-toolbar" role="toolbar" aria-label={`Shot ${number} on page ${pageNumber}`}>
      <span className="font-medium">
        Shot {number} <span className="font-normal text-muted">· page {pageNumber}</span>
      </span>
      <p id="frame-help" className="sr-only">
        Drag the image to pan it, use the wheel or plus and minus to zoom, arrow keys to pan.
      </p>
      {image ? (
        <div className="flex items-center gap-1">
          <Button size="icon" variant="ghost" className="size-8" aria-label="Zoom out" disabled={zoom <= 1} onClick={() => setZoom(zoom / 1.25)}>
            <ZoomOut aria-hidden className="size-4" />
          </Button>
          <input
            id={`${id}-zoom`}
            type="range"
            min={1}
            max={MAX_ZOOM}
            step={0.05}
            value={zoom}
            onChange={(e) => setZoom(Number(e.target.value))}
            aria-label="Zoom"
            aria-valuetext={`${Math.round(zoom * 100)} %`}
            className="w-24 accent-ink sm:w-32"
          />
          <Button size="icon" variant="ghost" className="size-8" aria-label="Zoom in" disabled={zoom >= MAX_ZOOM} onClick={() => setZoom(zoom * 1.25)}>
            <ZoomIn aria-hidden className="size-4" />
          </Button>
          <span className="w-11 text-xs text-muted tabular-nums" data-testid="zoom-value">
            {Math.round(zoom * 100)}%
          </span>
          <Button size="icon" variant="ghost" className="size-8" aria-label="Reset framing" title="Fit the whole frame again" onClick={() => setFraming(panel.id, DEFAULT_FRAMING)}>
            <RotateCcw aria-hidden className="size-4" />
          </Button>
        </div>
      ) : (
        <span className="text-xs text-muted">No image yet: generate one to frame it.</span>
      )}
      <div className="flex items-center gap-1">
        <Button size="icon" variant="ghost" className="size-8" aria-label={`Move shot ${number} one frame earlier`} disabled={boardIndex === 0} onClick={() => movePanelToFrame(panel.id, boardIndex - 1)}>
          <ArrowLeft aria-hidden className="size-4" />
        </Button>
        <Button
          size="icon"
          variant="ghost"
          className="size-8"
          aria-label={`Move shot ${number} one frame later`}
          disabled={boardIndex >= panelCount - 1}
          onClick={() => movePanelToFrame(panel.id, boardIndex + 1)}
        >
          <ArrowRight aria-hidden className="size-4" />
        </Button>
        <label className="flex items-center gap-1 text-xs text-muted">
          <span className="sr-only">Move shot {number} to page</span>
          <select
            value={pageNumber}
            onChange={(e) => movePanelToFrame(panel.id, starts[Number(e.target.value) - 1] ?? boardIndex)}
            className="h-8 rounded-md bg-surface px-1.5 text-[13px] text-ink ring-1 ring-line"
            data-testid="move-to-page"
          >
            {starts.map((_, i) => (
              <option key={i} value={i + 1}>
                Page {i + 1}
              </option>
            ))}
          </select>
        </label>
      </div>
      {warning ? (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-2 py-1 text-xs text-amber-900 ring-1 ring-amber-200" role="status" data-testid="aspect-message">
          <TriangleAlert aria-hidden className="size-3.5" />
          {warning}
        </div>
      ) : null}
      <Button
        size="sm"
        variant={warning ? "primary" : "secondary"}
        className="ml-auto"
        disabled={!!panel.pending}
        onClick={() => void generate()}
        title={`A new take at ${size.width}×${size.height}, the frame's shape${mode === "fal" ? `: ${formatUsd(cost / 100)}` : ""}`}
        data-testid="generate-frame-shape"
      >
        {panel.pending ? <Loader2 aria-hidden className="size-4 animate-spin" /> : warning ? <Sparkles aria-hidden className="size-4" /> : <Crop aria-hidden className="size-4" />}
        {panel.pending ? "Generating…" : "Generate at this frame's shape"}
        {mode === "fal" && !panel.pending ? <span className="font-normal opacity-80">· {formatUsd(cost / 100)}</span> : null}
      </Button>
    </div>
  );
}
