"use client";
import "client-only";
import { IngestError } from "../images/ingest-errors";
import { normalizeImage } from "../images/ingest";
import { putBlob } from "../storage/blob-store";
import { CHARACTER_NAME_MAX, type Character } from "../state/schema";
import { useCastboard } from "../state/store";
import { trackProposal } from "./mask-proposals";

/** What the cast panel shows when a file could not be added; the characters already there are untouched. */
export interface AddFailure {
  fileName: string;
  message: string;
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "QuotaExceededError" || error.code === 22);
}

/** "ferris_the-crab.final.png" → "Ferris the crab final". */
export function nameFromFile(fileName: string | undefined, fallbackIndex: number): string {
  const stem = (fileName ?? "").replace(/\.[a-z0-9]{2,5}$/i, "").replace(/[_\-.]+/g, " ").replace(/\s+/g, " ").trim();
  if (!stem || /^image$/i.test(stem)) return `Character ${fallbackIndex}`;
  return (stem[0]!.toUpperCase() + stem.slice(1)).slice(0, CHARACTER_NAME_MAX);
}

/** Adds the image as a character; unless told not to, a mask is then proposed in the background. */
export async function addCharacterFromFile(file: Blob & { name?: string }, options?: { proposeMask?: boolean }): Promise<Character> {
  const state = useCastboard.getState();
  const normalized = await normalizeImage(file, { maxLongEdge: state.settings.maxLongEdge });
  let referenceId: string;
  let thumbnailId: string;
  try {
    [referenceId, thumbnailId] = await Promise.all([putBlob(normalized.blob), putBlob(normalized.thumbnail)]);
  } catch (error) {
    if (isQuotaError(error)) {
      throw new Error(
        `This browser's storage for Castboard is full, so “${file.name ?? "the image"}” was not added. Delete characters you no longer need, then try again.`,
      );
    }
    throw error;
  }
  const character: Character = {
    id: crypto.randomUUID(),
    name: nameFromFile(file.name, state.characters.length + 1),
    notes: "",
    reference: { blobId: referenceId, type: normalized.type, width: normalized.width, height: normalized.height, bytes: normalized.blob.size },
    thumbnail: {
      blobId: thumbnailId,
      type: normalized.thumbnail.type === "image/webp" ? "image/webp" : "image/jpeg",
      width: normalized.thumbnailWidth,
      height: normalized.thumbnailHeight,
      bytes: normalized.thumbnail.size,
    },
    mask: null,
    createdAt: Date.now(),
  };
  useCastboard.getState().addCharacter(character);
  if (options?.proposeMask ?? true) {
    // Loaded on demand: the algorithms are only needed once a character arrives.
    trackProposal(
      character.id,
      import("./propose-mask").then((m) => m.proposeMask(character)),
    );
  }
  return character;
}

/** Adds files one by one so a bad file never stops the good ones; returns what failed and why. */
export async function addCharacters(files: (Blob & { name?: string })[]): Promise<AddFailure[]> {
  const failures: AddFailure[] = [];
  for (const file of files) {
    try {
      await addCharacterFromFile(file);
    } catch (error) {
      const label = file.name ?? "The pasted image";
      failures.push({
        fileName: file.name ?? "Pasted image",
        message:
          error instanceof IngestError || (error instanceof Error && error.message.startsWith("This browser's storage"))
            ? error.message
            : `“${label}” could not be read${error instanceof Error ? ` (${error.message})` : ""}. Add it again, or save it as JPEG, PNG or WebP first.`,
      });
    }
  }
  return failures;
}
