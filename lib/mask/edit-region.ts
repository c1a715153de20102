"use client";
import "client-only";
import { decoded } from "../images/decode-stored";
import type { ImageRef } from "../state/schema";
import { MaskDocument } from "./mask-document";
import { MASK_CHARACTER_VALUE } from "./polarity";

/**
 * The region of an image to repaint (a fix), painted with the same document as a character's
 * mask. fal's edit endpoint reads BLACK as the region to repaint and white as kept, whatever the
 * character-mask polarity setting says: that rule is fixed by fal's docs, so it is fixed here.
 */
export const EDIT_REGION_VALUE = 0;
/** The document paints in the character grey; flip it on export when that is not the region grey. */
export const EDIT_INVERT_POLARITY = MASK_CHARACTER_VALUE !== EDIT_REGION_VALUE;

export interface OpenedRegion {
  doc: MaskDocument;
  image: ImageBitmap;
}

/** The image to fix, decoded, and an empty region at its exact pixel size. */
export async function openEditRegion(image: ImageRef): Promise<OpenedRegion> {
  const bitmap = await decoded(image);
  if (!bitmap) throw new Error("This image is missing from this browser's storage, so it cannot be fixed. Pick another take.");
  // The decoded size is what fal will see, so the mask follows it rather than the stored record.
  return { doc: new MaskDocument(bitmap.width, bitmap.height), image: bitmap };
}

/** The region as fal's edit mask: a grayscale PNG at the image's size, black = repaint. */
export async function exportEditMask(doc: MaskDocument): Promise<Blob> {
  const start = performance.now();
  const png = await doc.exportPng({ invertPolarity: EDIT_INVERT_POLARITY });
  performance.measure("castboard:edit-mask-export", { start, end: performance.now() });
  return png;
}
