"use client";
import "client-only";
import { collectGarbage } from "../storage/blob-store";
import { referencedBlobIds } from "../state/sync";

/**
 * Frees every stored image that nothing names any more: no project, no damaged record kept as a
 * backup, nothing on screen and no undo step (so undoing a delete brings its images back).
 */
export async function freeUnreferencedImages(): Promise<number> {
  return collectGarbage(await referencedBlobIds());
}

let timer: ReturnType<typeof setTimeout> | undefined;
const GC_DELAY_MS = 2000;

/** After deletes: once the change has been saved, so the stored records are the current ones. */
export function scheduleGarbageCollection(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void freeUnreferencedImages().catch(() => undefined), GC_DELAY_MS);
}
