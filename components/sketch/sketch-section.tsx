"use client";
import { PenLine, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { onDemand } from "@/components/ui/on-demand";
import { chosenImage, panelAspect, panelImage } from "@/lib/board/chosen";
import { deletePanelSketch } from "@/lib/sketch/panel-sketch";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { useBlobUrl } from "@/lib/state/use-blob-url";

// The editor (its canvas code and PNG handling) loads when a sketch is first opened.
const SketchEditor = onDemand(() => import("./sketch-editor").then((m) => m.SketchEditor));

/** A panel's sketch in the inspector: start one, see it, edit or delete it, and choose it over the generated image. */
export function SketchSection({ panel, number }: { panel: Panel; number: number }) {
  const [editing, setEditing] = useState(false);
  const previous = useCastboard((s) => s.panels[s.panels.findIndex((p) => p.id === panel.id) - 1]);
  const previousImage = previous ? panelImage(previous) : null;
  const onionUrl = useBlobUrl(editing ? previousImage?.image.blobId : undefined);
  const sketch = panel.sketch;
  const url = useBlobUrl(sketch?.image.blobId);
  const hasImage = !!chosenImage(panel)?.image;

  const remove = () => {
    deletePanelSketch(panel.id);
    toast(`Deleted the sketch of shot ${number}`, { action: { label: "Undo", onClick: () => useCastboard.getState().undo() }, duration: 8000 });
  };

  return (
    <section aria-labelledby={`sketch-${panel.id}`} className="flex flex-col gap-3 border-t border-line pt-4" data-testid="sketch-section">
      <h3 id={`sketch-${panel.id}`} className="flex items-center gap-1.5 text-sm font-semibold">
        <PenLine aria-hidden className="size-4" /> Sketch
      </h3>
      {sketch ? (
        <div className="flex items-start gap-3">
          <button
            type="button"
            onClick={() => setEditing(true)}
            aria-label={`Edit the sketch of shot ${number}`}
            className="w-36 shrink-0 overflow-hidden rounded-md bg-white ring-1 ring-line hover:ring-muted/50"
            style={{ aspectRatio: String(panelAspect(panel)) }}
          >
            {/* eslint-disable-next-line @next/next/no-img-element -- local object URL */}
            {url ? <img src={url} alt="" className="size-full object-cover" data-testid="sketch-thumbnail" /> : null}
          </button>
          <div className="flex min-w-0 flex-col gap-2">
            <div className="flex flex-wrap gap-1.5">
              <Button size="sm" onClick={() => setEditing(true)}>
                <Pencil aria-hidden className="size-3.5" /> Edit
              </Button>
              <Button size="sm" variant="ghost" className="text-red-700" onClick={remove} aria-label={`Delete the sketch of shot ${number}`}>
                <Trash2 aria-hidden className="size-3.5" /> Delete
              </Button>
            </div>
            {hasImage ? (
              <label className="flex items-start gap-2 text-[13px] leading-snug">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 shrink-0 accent-ink"
                  checked={sketch.preferred}
                  onChange={(e) => useCastboard.getState().preferSketch(panel.id, e.target.checked)}
                />
                Use the sketch as this panel&apos;s image
              </label>
            ) : (
              <p className="text-xs leading-snug text-muted">Shows on the board until you choose a take.</p>
            )}
          </div>
        </div>
      ) : (
        <div className="flex flex-col items-start gap-2 rounded-lg border border-dashed border-line p-3">
          <p className="text-[13px] leading-relaxed text-muted">
            Block the shot with a rough drawing before you generate. It stands in on the board until an image replaces it.
          </p>
          <Button size="sm" onClick={() => setEditing(true)}>
            <PenLine aria-hidden className="size-4" /> Sketch the shot
          </Button>
        </div>
      )}
      {editing ? (
        <SketchEditor
          what="the sketch editor"
          panel={panel}
          number={number}
          onion={onionUrl ? { url: onionUrl, shot: number - 1 } : null}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </section>
  );
}
