"use client";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { clsx } from "clsx";
import { GripVertical } from "lucide-react";
import type { Character } from "@/lib/state/schema";
import { useBlobUrl } from "@/lib/state/use-blob-url";

export function CharacterCard({ character, selected, onSelect }: { character: Character; selected: boolean; onSelect: () => void }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: character.id });
  const thumbnail = useBlobUrl(character.thumbnail.blobId);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={clsx(
        "group flex items-center gap-2 rounded-lg bg-surface p-1.5 ring-1 transition-shadow",
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
        className="flex h-10 w-5 shrink-0 cursor-grab items-center justify-center rounded text-muted hover:bg-black/5 active:cursor-grabbing"
      >
        <GripVertical aria-hidden className="size-4" />
      </button>
      <button type="button" onClick={onSelect} aria-pressed={selected} className="flex min-w-0 flex-1 items-center gap-2.5 text-left">
        <span className="relative size-12 shrink-0 overflow-hidden rounded-md bg-canvas ring-1 ring-line">
          {thumbnail ? (
            // eslint-disable-next-line @next/next/no-img-element -- a local object URL, nothing for next/image to optimise
            <img src={thumbnail} alt="" className="size-full object-contain" />
          ) : null}
        </span>
        <span className="flex min-w-0 flex-col">
          <span className="truncate text-sm font-medium">{character.name || "Untitled"}</span>
          <span className={clsx("text-xs", character.mask ? "text-emerald-700" : "text-amber-700")}>
            {character.mask ? "Mask painted" : "No mask yet"}
          </span>
        </span>
      </button>
    </li>
  );
}
