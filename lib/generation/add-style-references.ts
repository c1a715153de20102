"use client";
import "client-only";
import { LIMITS } from "../fal/schema";
import { formatBytes } from "../format-bytes";
import { isIngestError, normalizeImage } from "../images/ingest";
import type { ImageRef } from "../state/schema";
import { useCastboard } from "../state/store";
import { putBlob } from "../storage/blob-store";

/**
 * Style-reference intake for a panel, the twin of adding a character: each file is checked
 * against the endpoint's limits, scaled, stored as a blob and appended, one by one, so a refused
 * file never stops the others.
 */
export const STYLE_REFERENCE_LONG_EDGE = 1024;

/** The panel's references as they are now: uploads finish one by one, after renders have moved on. */
const currentReferences = (panelId: string) =>
  useCastboard.getState().panels.find((p) => p.id === panelId)?.recipe.settings.styleReferences ?? [];

export interface StyleReferenceIntake {
  /** Writes the panel's new list; the composer's setter, so an endpoint complaint about the field clears too. */
  save(references: ImageRef[]): void;
  /** One file is done, added or refused. */
  onFileDone?(): void;
}

/** Adds images to a panel's style references; returns why each refused file was refused. */
export async function addStyleReferences(panelId: string, files: File[], intake: StyleReferenceIntake): Promise<string[]> {
  const refused: string[] = [];
  for (const file of files) {
    try {
      const existing = currentReferences(panelId);
      if (existing.length >= LIMITS.styleReferenceImages) {
        refused.push(`“${file.name}” was not added: at most ${LIMITS.styleReferenceImages} style images can be used.`);
        continue;
      }
      const image = await normalizeImage(file, { maxLongEdge: STYLE_REFERENCE_LONG_EDGE });
      const total = existing.reduce((sum, r) => sum + r.bytes, 0) + image.blob.size;
      // Refused here rather than flagged later: the endpoint would reject the whole request.
      if (total > LIMITS.styleReferenceTotalBytes) {
        refused.push(`“${file.name}” was not added: style images would total ${formatBytes(total)}, over the ${formatBytes(LIMITS.styleReferenceTotalBytes)} limit.`);
        continue;
      }
      const blobId = await putBlob(image.blob);
      const ref: ImageRef = { blobId, type: image.type, width: image.width, height: image.height, bytes: image.blob.size };
      intake.save([...currentReferences(panelId), ref]);
    } catch (error) {
      refused.push(isIngestError(error) ? error.message : `“${file.name}” could not be stored in this browser (storage may be full). Try again.`);
    } finally {
      intake.onFileDone?.();
    }
  }
  return refused;
}
