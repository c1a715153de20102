"use client";
import "client-only";
import type { ImageRef } from "../state/schema";
import { getBlob } from "../storage/blob-store";

/**
 * Decoding a stored image, started early: the click that opens an editor begins it, so the
 * decode runs while the editor's code loads and renders, and the editor picks it up when ready.
 * One at a time: a newer start releases the older bitmap.
 */
let early: { blobId: string; bitmap: Promise<ImageBitmap | null> } | null = null;

async function decode(image: ImageRef): Promise<ImageBitmap | null> {
  const blob = await getBlob(image.blobId);
  return blob ? createImageBitmap(blob) : null;
}

export function startDecoding(image: ImageRef): void {
  if (early?.blobId === image.blobId) return;
  void early?.bitmap.then((bitmap) => bitmap?.close(), () => undefined);
  early = { blobId: image.blobId, bitmap: decode(image) };
  early.bitmap.catch(() => undefined);
}

/** The stored image decoded (null when it is missing from storage): the early decode if there is one. */
export function decoded(image: ImageRef): Promise<ImageBitmap | null> {
  if (early?.blobId !== image.blobId) return decode(image);
  const { bitmap } = early;
  early = null;
  return bitmap;
}
