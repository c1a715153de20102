"use client";
import "client-only";
import { freeUnreferencedImages } from "../cast/garbage";
import type { Panel, Take } from "../state/panel-schema";
import { blobIdsIn } from "../state/persistence";
import { useCastboard, useSaveStatus } from "../state/store";
import { referencedBlobIds, writer } from "../state/sync";
import { deleteBlobs, getBlob } from "../storage/blob-store";
import { readAllRecords, readProject, type StoredProject } from "../storage/project-repo";

// The storage dialog measures the quota through this service: components never reach storage directly.
export { storageUsage } from "../storage/usage";

/**
 * "Delete unused takes": the way out when the browser's storage is full. Planning is pure (the
 * storage dialog shows it live); applying it is one store change followed by freeing the images.
 */
export interface UnusedTake {
  panelId: string;
  takeId: string;
  /** Its images and thumbnails, as recorded when they were stored. */
  bytes: number;
}

export interface FreeSpacePlan {
  takes: UnusedTake[];
  /** Space the deletion frees: each image counted once, none that a kept take or setting still shows. */
  bytes: number;
}

const takeImages = (take: Take) => [...take.images, ...take.thumbnails];
// Duplicated panels share take ids, so a take is only ever named together with its panel.
const keyOf = (panelId: string, takeId: string) => `${panelId}\n${takeId}`;

/** The take a panel keeps: the one it shows, or its newest while none is chosen. */
function keptTakeId(panel: Panel): string | undefined {
  const chosen = panel.chosen?.takeId;
  if (chosen !== undefined && panel.takes.some((t) => t.id === chosen)) return chosen;
  let newest: Take | undefined;
  for (const take of panel.takes) if (!newest || take.createdAt >= newest.createdAt) newest = take;
  return newest?.id;
}

export function unusedTakes(panels: Panel[]): UnusedTake[] {
  return panels.flatMap((panel) => {
    const kept = keptTakeId(panel);
    // A take whose request still shows as pending has just landed (from another tab) and is about to be chosen.
    const arriving = panel.pending?.requestId ?? null;
    return panel.takes
      .filter((take) => take.id !== kept && take.requestId !== arriving)
      .map((take) => ({ panelId: panel.id, takeId: take.id, bytes: takeImages(take).reduce((sum, ref) => sum + ref.bytes, 0) }));
  });
}

/** The images only the given takes show, with their sizes. */
function freeableImages(panels: Panel[], takes: UnusedTake[]): Map<string, number> {
  const dropped = new Set(takes.map((t) => keyOf(t.panelId, t.takeId)));
  const candidates = new Map<string, number>();
  const kept = new Set<string>();
  for (const panel of panels) {
    blobIdsIn([panel.recipe, panel.pending], kept);
    for (const take of panel.takes) {
      if (dropped.has(keyOf(panel.id, take.id))) for (const ref of takeImages(take)) candidates.set(ref.blobId, ref.bytes);
      else blobIdsIn(take, kept);
    }
  }
  for (const id of kept) candidates.delete(id);
  return candidates;
}

export function planFreeSpace(panels: Panel[]): FreeSpacePlan {
  const takes = unusedTakes(panels);
  let bytes = 0;
  for (const size of freeableImages(panels, takes).values()) bytes += size;
  return { takes, bytes };
}

/**
 * Removes every unused take of the open project and frees their images. Returns how many takes
 * went and how many bytes of images are actually gone from storage.
 */
export async function deleteUnusedTakes(): Promise<{ takes: number; bytes: number }> {
  const { panels, projectId } = useCastboard.getState();
  const takes = unusedTakes(panels);
  if (takes.length === 0) return { takes: 0, bytes: 0 };
  const candidates = freeableImages(panels, takes);
  useCastboard.getState().deleteTakesForgettingHistory(takes);
  await writer.flush();
  if (useSaveStatus.getState().state === "failed" && projectId) {
    await freeDespiteStaleRecord(projectId, [...candidates.keys()]);
    await writer.flush();
  }
  await freeUnreferencedImages();
  const gone = await Promise.all([...candidates].map(async ([id, size]) => ((await getBlob(id)) === undefined ? size : 0)));
  return { takes: takes.length, bytes: gone.reduce((sum, size) => sum + size, 0) };
}

/**
 * While storage is full the save keeps failing, so the stored copy of this project still names
 * the deleted takes and ordinary collection would keep their images: the save could never make
 * room. This frees them unless something else names them; the tab holds the newer version and
 * saves it straight after. Not after a conflict: there the stored copy is another tab's work.
 */
async function freeDespiteStaleRecord(projectId: string, ids: string[]): Promise<void> {
  const own = await readProject(projectId);
  if (!own) return;
  const records = await readAllRecords();
  const isOwn = (record: unknown) => {
    const r = record as Partial<StoredProject> | null;
    return typeof r === "object" && r !== null && r.rev === own.rev && r.writer === own.writer && r.savedAt === own.savedAt;
  };
  // Records come back without their keys: when the match is not certain, free nothing.
  if (records.filter(isOwn).length !== 1) return;
  const named = await referencedBlobIds(isOwn);
  await deleteBlobs(ids.filter((id) => !named.has(id)));
}
