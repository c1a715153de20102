"use client";
import "client-only";
import { MaskDocument } from "../mask/mask-document";
import type { Character } from "../state/schema";
import { useCastboard } from "../state/store";
import { getBlob, putBlob } from "../storage/blob-store";
import { isQuotaError } from "./add-character";
import { freeUnreferencedImages } from "./garbage";

/**
 * A character's mask between storage and the painter: opening it for editing, and saving the
 * painted document back as the character's mask (or none, once it is empty). Only the painter,
 * which loads on demand, imports this: it brings the PNG decoder with it.
 */
export interface OpenedMask {
  doc: MaskDocument;
  image: ImageBitmap;
}

export async function openCharacterMask(character: Character): Promise<OpenedMask> {
  const reference = await getBlob(character.reference.blobId);
  if (!reference) throw new Error("The reference image is missing from this browser's storage.");
  const image = await createImageBitmap(reference);
  const maskBlob = character.mask ? await getBlob(character.mask.blobId) : undefined;
  const doc = maskBlob
    ? await MaskDocument.fromPng(maskBlob, character.reference.width, character.reference.height)
    : new MaskDocument(character.reference.width, character.reference.height);
  return { doc, image };
}

/** Saves the painted mask; the one it replaces is freed once nothing else names it. */
export async function saveCharacterMask(characterId: string, doc: MaskDocument): Promise<void> {
  const { setMask } = useCastboard.getState();
  if (doc.isEmpty()) setMask(characterId, null);
  else {
    const png = await doc.exportPng();
    const blobId = await putBlob(png);
    setMask(characterId, { blobId, type: "image/png", width: doc.width, height: doc.height, bytes: png.size });
  }
  void freeUnreferencedImages();
}

/** What to tell the person when a save failed: their strokes are still in the painter either way. */
export function maskSaveFailure(error: unknown): string {
  return isQuotaError(error)
    ? "Storage is full, so the mask was not saved. Download it as PNG, or free space by deleting characters."
    : "The mask could not be saved. Your strokes are still here; try again.";
}
