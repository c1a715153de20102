"use client";
import { clsx } from "clsx";
import { AlertCircle, ImageOff } from "lucide-react";
import type { Panel } from "@/lib/state/panel-schema";
import { useBlobUrl } from "@/lib/state/use-blob-url";
import { PanelStatus } from "./panel-status";

export function chosenImage(panel: Panel) {
  const take = panel.takes.find((t) => t.id === panel.chosen?.takeId);
  const index = panel.chosen?.imageIndex ?? 0;
  return take ? { take, image: take.images[index], thumbnail: take.thumbnails[index] } : null;
}

export function PanelCard({
  panel,
  number,
  selected,
  checked,
  onSelect,
  onCheck,
}: {
  panel: Panel;
  number: number;
  selected: boolean;
  checked: boolean;
  onSelect: () => void;
  onCheck: (checked: boolean) => void;
}) {
  const chosen = chosenImage(panel);
  const url = useBlobUrl(chosen?.thumbnail?.blobId ?? chosen?.image?.blobId);
  return (
    <li
      className={clsx("flex flex-col overflow-hidden rounded-xl bg-surface ring-1 transition-shadow", selected ? "ring-2 ring-ink" : "ring-line hover:ring-muted/40")}
      data-testid="panel-card"
    >
      <button type="button" onClick={onSelect} aria-pressed={selected} aria-label={`Shot ${number}${panel.recipe.prompt ? `: ${panel.recipe.prompt}` : ""}`} className="text-left">
        <div className="relative aspect-video bg-canvas">
          {url ? (
            // eslint-disable-next-line @next/next/no-img-element -- local object URL
            <img src={url} alt="" className="size-full object-cover" />
          ) : (
            <div className="grid size-full place-items-center text-muted">
              <ImageOff aria-hidden className="size-5" />
            </div>
          )}
          {chosen?.take.mode === "draft" ? (
            <span className="absolute top-2 right-2 rounded bg-black/60 px-1.5 py-0.5 text-[10px] font-semibold tracking-wide text-white">DRAFT</span>
          ) : null}
        </div>
      </button>
      <div className="flex items-start gap-2 p-2.5">
        <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} aria-label={`Select shot ${number}`} className="mt-0.5 size-4 accent-ink" />
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <span className="text-xs font-semibold text-muted">Shot {number}</span>
          <span className="line-clamp-2 text-[13px] leading-snug">{panel.recipe.prompt || <span className="text-muted">No prompt yet</span>}</span>
          {panel.pending ? <PanelStatus pending={panel.pending} /> : null}
          {!panel.pending && panel.error && panel.error.kind !== "cancelled" ? (
            <span className="flex items-center gap-1 text-xs text-red-700" data-testid="panel-card-error">
              <AlertCircle aria-hidden className="size-3.5" /> {panel.error.kind === "validation" ? "Needs fixing" : "Failed"}
            </span>
          ) : null}
        </div>
      </div>
    </li>
  );
}
