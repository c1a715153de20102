"use client";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { clsx } from "clsx";
import { GripVertical } from "lucide-react";
import { useProposalPending } from "@/lib/cast/mask-proposals";
import { maskStatus } from "@/lib/cast/mask-status";
import type { Character } from "@/lib/state/schema";
import { useBlobUrl } from "@/lib/state/use-blob-url";

const TONES = { none: "text-muted", check: "text-amber-700", done: "text-emerald-700" } as const;

export function CharacterCard({
  character,
  selected,
  onSelect,
  onOpenMask,
}: {
  character: Character;
  selected: boolean;
  onSelect: () => void;
  /** Opens the painter on this character's mask. */
  onOpenMask: () => void;
}) {
  const status = maskStatus(character, useProposalPending(character.id));
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: character.id });
  const thumbnail = useBlobUrl(character.thumbnail.blobId);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={clsx(
        "group grid grid-cols-[1.25rem_3rem_1fr] grid-rows-[1fr_auto] items-center gap-x-2 rounded-lg bg-surface p-1.5 ring-1 transition-shadow",
        selected ? "ring-2 ring-ink" : "ring-line hover:ring-muted/40",
        isDragging && "z-10 shadow-lg",
      )}
      data-testid="character-card"
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Reorder ${character.name}`}
        className="col-start-1 row-span-2 row-start-1 flex h-10 w-5 shrink-0 cursor-grab items-center justify-center rounded text-muted hover:bg-black/5 active:cursor-grabbing"
      >
        <GripVertical aria-hidden className="size-4" />
      </button>
      {/* The name and the mask status share the thumbnail's height; the status is its own button over the select area. */}
      <button type="button" onClick={onSelect} aria-pressed={selected} className="col-span-2 col-start-2 row-span-2 row-start-1 flex min-w-0 items-start gap-2 self-stretch text-left">
        <span className="relative size-12 shrink-0 overflow-hidden rounded-md bg-canvas ring-1 ring-line">
          {thumbnail ? (
            // eslint-disable-next-line @next/next/no-img-element -- a local object URL, nothing for next/image to optimise
            <img src={thumbnail} alt="" className="size-full object-contain" />
          ) : null}
        </span>
        <span className="min-w-0 truncate pt-1 text-sm font-medium">{character.name || "Untitled"}</span>
      </button>
      <button
        type="button"
        onClick={onOpenMask}
        title="Open the mask painter"
        aria-label={`${status.label}. Open the mask of ${character.name || "Untitled"}`}
        className={clsx("relative col-start-3 row-start-2 mb-0.5 max-w-full justify-self-start truncate rounded px-1 -mx-1 text-left text-xs hover:underline focus-visible:outline-2", TONES[status.tone])}
        data-testid="mask-status"
      >
        {status.label}
      </button>
    </li>
  );
}
