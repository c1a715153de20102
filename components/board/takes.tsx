"use client";
import { clsx } from "clsx";
import { Cloud, History, RotateCcw, Sprout, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatUsd } from "@/lib/fal/pricing";
import type { Panel, Take } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { useBlobUrl } from "@/lib/state/use-blob-url";

function Variation({ take, index, chosen, onChoose }: { take: Take; index: number; chosen: boolean; onChoose: () => void }) {
  const url = useBlobUrl(take.thumbnails[index]?.blobId ?? take.images[index]?.blobId);
  return (
    <button
      type="button"
      onClick={onChoose}
      aria-pressed={chosen}
      aria-label={`Use variation ${index + 1} of this take`}
      className={clsx("relative aspect-video overflow-hidden rounded-md bg-canvas ring-2", chosen ? "ring-ink" : "ring-transparent hover:ring-line")}
      data-testid="variation"
    >
      {/* eslint-disable-next-line @next/next/no-img-element -- local object URL */}
      {url ? <img src={url} alt="" className="size-full object-cover" /> : null}
    </button>
  );
}

/** A panel's takes, newest first: pick a variation, restore a take, reuse its seed, render a draft on fal. */
export function Takes({ panel, onRenderOnFal }: { panel: Panel; onRenderOnFal: (take: Take) => void }) {
  const mode = useCastboard((s) => s.generationMode);
  const { chooseImage, restoreTake, reuseSeed, deleteTake } = useCastboard.getState();
  if (panel.takes.length === 0) return null;
  return (
    <section aria-labelledby={`takes-${panel.id}`} className="flex flex-col gap-3">
      <h3 id={`takes-${panel.id}`} className="flex items-center gap-1.5 text-[13px] font-semibold">
        <History aria-hidden className="size-4" /> Takes <span className="font-normal text-muted">{panel.takes.length}</span>
      </h3>
      <ol className="flex flex-col gap-3">
        {[...panel.takes].reverse().map((take, i) => (
          <li key={take.id} className="flex flex-col gap-2 rounded-lg bg-surface p-2.5 ring-1 ring-line" data-testid="take">
            <div className="flex items-center justify-between gap-2 text-xs">
              <span className="flex items-center gap-1.5">
                <span className={clsx("rounded px-1.5 py-0.5 font-semibold", take.mode === "draft" ? "bg-amber-100 text-amber-900" : "bg-emerald-100 text-emerald-900")}>
                  {take.mode === "draft" ? "Draft" : "fal"}
                </span>
                <span className="text-muted">
                  Take {panel.takes.length - i} · seed {take.seed} · {take.mode === "fal" ? formatUsd(take.costCents / 100) : "free"}
                </span>
              </span>
            </div>
            <div className={clsx("grid gap-1.5", take.images.length > 1 ? "grid-cols-4" : "grid-cols-1")}>
              {take.images.map((_, index) => (
                <Variation
                  key={index}
                  take={take}
                  index={index}
                  chosen={panel.chosen?.takeId === take.id && panel.chosen.imageIndex === index}
                  onChoose={() => chooseImage(panel.id, take.id, index)}
                />
              ))}
            </div>
            <div className="flex flex-wrap gap-1.5">
              <Button size="sm" variant="ghost" onClick={() => restoreTake(panel.id, take.id)} title="Put this take's prompt and settings back in the composer">
                <RotateCcw aria-hidden className="size-3.5" /> Restore
              </Button>
              <Button size="sm" variant="ghost" onClick={() => reuseSeed(panel.id, take.id)} title="Lock the seed to this take's, keep the current prompt">
                <Sprout aria-hidden className="size-3.5" /> Reuse seed
              </Button>
              {take.mode === "draft" && mode === "fal" ? (
                <Button size="sm" variant="ghost" onClick={() => onRenderOnFal(take)} disabled={!!panel.pending} title="Same prompt, settings and seed, rendered by Ideogram on fal">
                  <Cloud aria-hidden className="size-3.5" /> Render on fal · {formatUsd(take.costCents / 100)}
                </Button>
              ) : null}
              <Button size="sm" variant="ghost" onClick={() => deleteTake(panel.id, take.id)} aria-label={`Delete take ${panel.takes.length - i}`}>
                <Trash2 aria-hidden className="size-3.5" />
              </Button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
