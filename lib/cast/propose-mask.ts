"use client";
import "client-only";
import { runAutoMask } from "../mask/auto/mask-worker-client";
import { binaryMaskPng, readImagePixels } from "../mask/binary-mask";
import type { Character } from "../state/schema";
import { useCastboard } from "../state/store";
import { getBlob, putBlob } from "../storage/blob-store";
import { freeUnreferencedImages } from "./garbage";

/**
 * Proposes a mask for a character just added: the automatic mask of its reference, kept as the
 * character's mask with source "auto". It runs in the background and gives way to anything the
 * person did meanwhile (painted a mask, chose none, deleted the character).
 */
export async function proposeMask(character: Character): Promise<void> {
  const reference = await getBlob(character.reference.blobId);
  if (!reference) return;
  const bitmap = await createImageBitmap(reference);
  let png: Blob;
  let check: string | undefined;
  try {
    const result = await runAutoMask(readImagePixels(bitmap, character.reference.width, character.reference.height));
    // Nothing found: no mask is the honest answer (Ideogram then finds face and hair itself).
    if (result.coverage === 0) return;
    png = binaryMaskPng(result.mask);
    check = result.confidence === "check" ? (result.reason ?? "unclear subject") : undefined;
  } finally {
    bitmap.close();
  }
  if (!untouched(character.id)) return;
  const blobId = await putBlob(png);
  if (!untouched(character.id)) return void freeUnreferencedImages();
  const { width, height } = character.reference;
  useCastboard.getState().setMask(character.id, { blobId, type: "image/png", width, height, bytes: png.size }, { kind: "auto", check });
}

function untouched(id: string): boolean {
  const current = useCastboard.getState().characters.find((c) => c.id === id);
  return !!current && !current.mask && current.maskSource === undefined;
}
