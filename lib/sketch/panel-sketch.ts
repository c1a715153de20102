"use client";
import "client-only";
import { isQuotaError } from "../cast/add-character";
import { scheduleGarbageCollection } from "../cast/garbage";
import type { Panel } from "../state/panel-schema";
import { useCastboard } from "../state/store";
import { getBlob, putBlob } from "../storage/blob-store";
import type { SketchDocument } from "./sketch-document";

/**
 * A panel's sketch between storage and the editor: opening it to draw on, saving the drawing
 * back as the panel's sketch (one board undo step), and deleting it.
 */

/** The saved sketch decoded, or null for a panel without one. */
export async function openPanelSketch(panel: Panel): Promise<ImageBitmap | null> {
  if (!panel.sketch) return null;
  const blob = await getBlob(panel.sketch.image.blobId);
  if (!blob) throw new Error("This sketch is missing from this browser's storage. Delete it and draw it again.");
  return createImageBitmap(blob);
}

/** Saves the drawing as the panel's sketch, keeping whether it is preferred; the one it replaces is freed once nothing names it. */
export async function savePanelSketch(panelId: string, doc: SketchDocument): Promise<void> {
  const png = await doc.exportPng();
  const blobId = await putBlob(png);
  const { panels, setSketch } = useCastboard.getState();
  const preferred = panels.find((p) => p.id === panelId)?.sketch?.preferred ?? false;
  setSketch(panelId, { image: { blobId, type: "image/png", width: doc.width, height: doc.height, bytes: png.size }, updatedAt: Date.now(), preferred });
  scheduleGarbageCollection();
}

export function deletePanelSketch(panelId: string): void {
  useCastboard.getState().setSketch(panelId, null);
  scheduleGarbageCollection();
}

/** What to tell the person when a save failed: the drawing stays open either way. */
export function sketchSaveFailure(error: unknown): string {
  return isQuotaError(error)
    ? "Storage is full, so the sketch was not saved. It is still open: free space by deleting unused takes or projects, then save again."
    : "The sketch could not be saved. It is still open; try saving again.";
}
