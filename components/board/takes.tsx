"use client";
import { clsx } from "clsx";
import { Cloud, Columns2, History, Layers, RotateCcw, Sprout, SquareDashedMousePointer, Trash2 } from "lucide-react";
import { openFix } from "@/components/direct/direct-actions";
import { openDirectDialog } from "@/components/direct/direct-dialog-store";
import { Button } from "@/components/ui/button";
import { formatUsd, PRICE_ASSUMED } from "@/lib/fal/pricing";
import { endpointFor } from "@/lib/generation/request";
import type { Panel, Take } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { useBlobUrl } from "@/lib/state/use-blob-url";
import { TakeOriginBadge, TakeSourceLine } from "./take-origin-line";

const OVERLAY = "grid size-7 place-items-center rounded-md bg-black/55 text-white hover:bg-black/75 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent disabled:opacity-40";

function Variation({ panel, take, number, index, chosen, onChoose }: { panel: Panel; take: Take; number: number; index: number; chosen: boolean; onChoose: () => void }) {
  const url = useBlobUrl(take.thumbnails[index]?.blobId ?? take.images[index]?.blobId);
  const name = take.images.length > 1 ? `take ${number}, image ${index + 1}` : `take ${number}`;
  return (
    <div className="relative">
      <button
        type="button"
        onClick={onChoose}
        aria-pressed={chosen}
        aria-label={`Use variation ${index + 1} of this take`}
        className={clsx("relative block aspect-video w-full overflow-hidden rounded-md bg-canvas ring-2", chosen ? "ring-ink" : "ring-transparent hover:ring-line")}
        data-testid="variation"
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- local object URL */}
        {url ? <img src={url} alt="" className="size-full object-cover" /> : null}
      </button>
      {/* Beside the thumbnail, not inside it: a button cannot hold buttons. */}
      <div className="absolute right-1 bottom-1 flex gap-1">
        <button type="button" className={OVERLAY} disabled={!!panel.pending} onClick={() => openFix(panel.id, take, index)} aria-label={`Fix a region of ${name}`} title="Fix a region">
          <SquareDashedMousePointer aria-hidden className="size-3.5" />
        </button>
        <button
          type="button"
          className={OVERLAY}
          disabled={!!panel.pending}
          onClick={() => openDirectDialog({ kind: "restage", panelId: panel.id, from: { takeId: take.id, imageIndex: index } })}
          aria-label={`Restage ${name}`}
          title="Restage"
        >
          <Layers aria-hidden className="size-3.5" />
        </button>
      </div>
    </div>
  );
}

/** A panel's takes, newest first: pick a variation, fix or restage it, restore a take, reuse its seed, render a draft on fal. */
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
        {[...panel.takes].reverse().map((take, i) => {
          const number = panel.takes.length - i;
          const chosenHere = panel.chosen?.takeId === take.id ? panel.chosen.imageIndex : 0;
          // fal publishes no edit price: a fix's price is the one it is assumed to have, and says so.
          const price = `${formatUsd(take.costCents / 100)}${PRICE_ASSUMED[endpointFor(take.recipe)] ? " (assumed)" : ""}`;
          return (
            <li key={take.id} id={`take-${take.id}`} tabIndex={-1} className="flex scroll-mt-4 flex-col gap-2 rounded-lg bg-surface p-2.5 ring-1 ring-line outline-none focus-visible:ring-2 focus-visible:ring-accent" data-testid="take">
              <div className="flex items-center justify-between gap-2 text-xs">
                <span className="flex items-center gap-1.5">
                  <span className={clsx("rounded px-1.5 py-0.5 font-semibold", take.mode === "draft" ? "bg-amber-100 text-amber-900" : "bg-emerald-100 text-emerald-900")}>
                    {take.mode === "draft" ? "Draft" : "fal"}
                  </span>
                  <TakeOriginBadge take={take} />
                  <span className="text-muted">
                    Take {number} · seed {take.seed} · {take.mode === "fal" ? price : "free"}
                  </span>
                </span>
              </div>
              <TakeSourceLine panel={panel} take={take} />
              <div className={clsx("grid gap-1.5", take.images.length > 1 ? "grid-cols-2 sm:grid-cols-4 lg:grid-cols-2" : "grid-cols-1")}>
                {take.images.map((_, index) => (
                  <Variation
                    key={index}
                    panel={panel}
                    take={take}
                    number={number}
                    index={index}
                    chosen={panel.chosen?.takeId === take.id && panel.chosen.imageIndex === index}
                    onChoose={() => chooseImage(panel.id, take.id, index)}
                  />
                ))}
              </div>
              <div className="flex flex-wrap gap-1.5">
                {take.recipe.direction ? (
                  <Button size="sm" variant="ghost" onClick={() => openDirectDialog({ kind: "compare", panelId: panel.id, takeId: take.id, imageIndex: chosenHere })} aria-label="Compare before and after" title="This take over the image it started from">
                    <Columns2 aria-hidden className="size-3.5" /> Compare
                  </Button>
                ) : null}
                <Button size="sm" variant="ghost" onClick={() => restoreTake(panel.id, take.id)} title="Put this take's prompt and settings back in the composer">
                  <RotateCcw aria-hidden className="size-3.5" /> Restore
                </Button>
                <Button size="sm" variant="ghost" onClick={() => reuseSeed(panel.id, take.id)} title="Lock the seed to this take's, keep the current prompt">
                  <Sprout aria-hidden className="size-3.5" /> Reuse seed
                </Button>
                {take.mode === "draft" && mode === "fal" ? (
                  <Button size="sm" variant="ghost" onClick={() => onRenderOnFal(take)} disabled={!!panel.pending} title="Same prompt, settings and seed, rendered by Ideogram on fal">
                    <Cloud aria-hidden className="size-3.5" /> Render on fal · {price}
                  </Button>
                ) : null}
                <Button size="sm" variant="ghost" onClick={() => deleteTake(panel.id, take.id)} aria-label={`Delete take ${number}`}>
                  <Trash2 aria-hidden className="size-3.5" />
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
