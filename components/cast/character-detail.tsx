"use client";
import { Brush, CircleOff, Copy, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { useShallow } from "zustand/react/shallow";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/format-bytes";
import { freeUnreferencedImages } from "@/lib/cast/garbage";
import { CHARACTER_NAME_MAX, CHARACTER_NOTES_MAX, type Character } from "@/lib/state/schema";
import { useCastboard } from "@/lib/state/store";
import { useBlobUrl } from "@/lib/state/use-blob-url";

export function CharacterDetail({
  character,
  onPaintMask,
  onSelect,
}: {
  character: Character;
  onPaintMask: () => void;
  onSelect: (id: string | null) => void;
}) {
  const actions = useCastboard(
    useShallow((s) => ({
      renameCharacter: s.renameCharacter,
      updateNotes: s.updateNotes,
      duplicateCharacter: s.duplicateCharacter,
      removeCharacter: s.removeCharacter,
      restoreCharacter: s.restoreCharacter,
      setMask: s.setMask,
    })),
  );
  const reference = useBlobUrl(character.reference.blobId);
  const mask = useBlobUrl(character.mask?.blobId);

  const remove = () => {
    const removed = actions.removeCharacter(character.id);
    if (!removed) return;
    onSelect(useCastboard.getState().characters[Math.max(0, removed.index - 1)]?.id ?? null);
    toast(`${removed.character.name || "Character"} deleted`, {
      action: {
        label: "Undo",
        onClick: () => {
          actions.restoreCharacter(removed);
          onSelect(removed.character.id);
        },
      },
      duration: 8000,
      onAutoClose: () => void freeUnreferencedImages(),
      onDismiss: () => void freeUnreferencedImages(),
    });
  };

  return (
    <article className="flex min-h-0 flex-col gap-5" aria-label={`${character.name} details`}>
      <div className="relative overflow-hidden rounded-xl bg-[repeating-conic-gradient(#ecebe7_0_25%,#f6f5f2_0_50%)] bg-[length:20px_20px] ring-1 ring-line">
        {reference ? (
          <div className="relative mx-auto" style={{ aspectRatio: `${character.reference.width} / ${character.reference.height}`, maxHeight: "52vh" }}>
            {/* eslint-disable-next-line @next/next/no-img-element -- local object URL */}
            <img src={reference} alt={`Reference of ${character.name}`} className="absolute inset-0 size-full object-contain" />
            {mask ? (
              // Screen blending whitens what is outside the character, so the masked region reads at a glance.
              // eslint-disable-next-line @next/next/no-img-element -- local object URL
              <img src={mask} alt="" className="absolute inset-0 size-full object-contain opacity-60 mix-blend-screen" />
            ) : null}
          </div>
        ) : (
          <div className="aspect-[4/3] animate-pulse" />
        )}
      </div>
      <p className="-mt-2 text-xs text-muted">
        {character.reference.width} × {character.reference.height} px · {formatBytes(character.reference.bytes)} ·{" "}
        {character.mask ? "the faded area is outside the mask" : "no mask yet: the whole image is used as the reference"}
      </p>

      <div className="flex flex-wrap gap-2">
        <Button variant="primary" onClick={onPaintMask}>
          <Brush aria-hidden className="size-4" /> {character.mask ? "Edit mask" : "Paint mask"}
        </Button>
        {character.mask ? (
          <Button
            onClick={() => {
              actions.setMask(character.id, null);
              void freeUnreferencedImages();
            }}
            title="Send no mask: Ideogram finds the face and hair itself"
          >
            <CircleOff aria-hidden className="size-4" /> Use no mask
          </Button>
        ) : null}
        <Button onClick={() => {
          const copy = actions.duplicateCharacter(character.id);
          if (copy) onSelect(copy.id);
        }}>
          <Copy aria-hidden className="size-4" /> Duplicate
        </Button>
        <Button variant="danger" onClick={remove}>
          <Trash2 aria-hidden className="size-4" /> Delete
        </Button>
      </div>

      <div className="grid gap-4">
        <label className="grid gap-1.5">
          <span className="text-[13px] font-medium">Name</span>
          <input
            value={character.name}
            maxLength={CHARACTER_NAME_MAX}
            onChange={(e) => actions.renameCharacter(character.id, e.target.value)}
            className="h-9 rounded-md border border-line bg-surface px-3 text-sm"
          />
        </label>
        <label className="grid gap-1.5">
          <span className="text-[13px] font-medium">Distinctive traits</span>
          <textarea
            value={character.notes}
            maxLength={CHARACTER_NOTES_MAX}
            rows={4}
            placeholder="What must stay the same in every panel: colours, clothing, marks, proportions…"
            onChange={(e) => actions.updateNotes(character.id, e.target.value)}
            className="rounded-md border border-line bg-surface px-3 py-2 text-sm leading-relaxed"
          />
          <span className="text-xs text-muted">The prompt composer can add these notes to a scene prompt in one click.</span>
        </label>
      </div>
    </article>
  );
}
