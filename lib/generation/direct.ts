"use client";
import "client-only";
import { isQuotaError } from "../cast/add-character";
import { DEFAULTS } from "../fal/schema";
import { DEFAULT_MAX_LONG_EDGE, normalizeImage } from "../images/ingest";
import type { Direction, ImageSource, Panel, ShotRecipe, Take } from "../state/panel-schema";
import type { ImageRef } from "../state/schema";
import { useCastboard } from "../state/store";
import { putBlob } from "../storage/blob-store";
import { generatePanel, type Outcome } from "./generate";

/**
 * Fix a region and Restage: the recipes the dialogs edit, and starting them as a new take of the
 * panel through the same pipeline as any generation (so pending, resume, Retry and "Render on fal"
 * all hold). The starting image and the painted region are stored as blobs with the recipe.
 */

/** Stands in for the region until it is painted and stored: the size is what validation checks. */
export function unsavedMask(width: number, height: number): ImageRef {
  return { blobId: "unsaved-region", type: "image/png", width, height, bytes: 0 };
}

function withoutDirection(recipe: ShotRecipe): ShotRecipe {
  const copy = { ...recipe };
  delete copy.direction;
  return copy;
}

/** A fix of one image of a take: its character and settings, its prompt to start from. */
export function fixRecipe(take: Take, imageIndex: number, characterId: string | null, mask: ImageRef): ShotRecipe {
  const image = take.images[imageIndex] ?? take.images[0]!;
  const direction: Direction = { kind: "fix", source: { kind: "take", takeId: take.id, imageIndex }, image, mask };
  return { ...withoutDirection(take.recipe), characterId, direction };
}

/** A restage of the panel's shot: its prompt, character, size and style, from `source` when one is chosen. */
export function restageRecipe(panel: Panel, start: { source: ImageSource; image: ImageRef } | null, strength: number = DEFAULTS.strength): ShotRecipe {
  const base = withoutDirection(panel.recipe);
  return start ? { ...base, direction: { kind: "restage", source: start.source, image: start.image, strength } } : base;
}

function failBeforeStart(panelId: string, error: unknown): Outcome {
  const message = isQuotaError(error)
    ? "This browser's storage for Castboard is full, so the region was not kept and nothing was sent. Free space, then fix again."
    : `The region could not be kept, so nothing was sent (${error instanceof Error ? error.message : "unknown error"}). Try again.`;
  const panelError = { kind: "other" as const, message, fields: {} };
  useCastboard.getState().setPanelError(panelId, panelError);
  return { ok: false, error: panelError };
}

/** Keeps the painted region (black = repaint) and sends the fix; the result becomes a take of the panel. */
export async function startFix(panelId: string, recipe: ShotRecipe, region: Blob): Promise<Outcome> {
  const direction = recipe.direction;
  if (direction?.kind !== "fix") throw new Error("startFix needs a fix recipe");
  let blobId: string;
  try {
    blobId = await putBlob(region);
  } catch (error) {
    return failBeforeStart(panelId, error);
  }
  const mask: ImageRef = { ...direction.mask, blobId, type: "image/png", bytes: region.size };
  return generatePanel(panelId, { ...recipe, direction: { ...direction, mask } });
}

export function startRestage(panelId: string, recipe: ShotRecipe): Promise<Outcome> {
  if (recipe.direction?.kind !== "restage") throw new Error("startRestage needs a restage recipe");
  return generatePanel(panelId, recipe);
}

/**
 * An uploaded layout or photo to restage from: checked by its bytes and normalised like a
 * character reference (upright, at most 2048 px, re-encoded), then kept as a blob. Throws an
 * `IngestError` whose message says what was wrong and what to do.
 */
export async function keepUploadedSource(file: File): Promise<{ source: ImageSource; image: ImageRef }> {
  const normalized = await normalizeImage(file, { maxLongEdge: DEFAULT_MAX_LONG_EDGE });
  let blobId: string;
  try {
    blobId = await putBlob(normalized.blob);
  } catch (error) {
    if (isQuotaError(error)) throw new Error(`This browser's storage for Castboard is full, so “${file.name}” was not kept. Free space, then try again.`);
    throw error;
  }
  return {
    source: { kind: "upload", fileName: file.name.slice(0, 255) || "image" },
    image: { blobId, type: normalized.type, width: normalized.width, height: normalized.height, bytes: normalized.blob.size },
  };
}
