import { panelImage } from "../board/chosen";
import { sha256Hex } from "../checksums";
import type { AcceptedImageType } from "../fal/schema";
import { SNAPSHOT_LIMITS, type ReviewSnapshot, type SnapshotPanel } from "../server/review/snapshot-schema";
import type { Panel } from "../state/panel-schema";
import type { Character, ImageRef } from "../state/schema";

/**
 * A review version built from the open board: what a reviewer sees and nothing of the author's
 * local data (no prompts, takes, notes or cast ids). Each panel shows what the board shows
 * (`panelImage`: the chosen take's image, or the sketch), at display size.
 */
export const DISPLAY_LONG_EDGE = 1600;

/** An image ready to go up: its bytes and the snapshot's reference to them. */
export interface DisplayImage {
  blob: Blob;
  hash: string;
  type: AcceptedImageType;
  width: number;
  height: number;
}

/** The size an image is shown at: its own when its long edge is at most `max`, else scaled down to it. */
export function displaySize(width: number, height: number, max = DISPLAY_LONG_EDGE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Whether an image goes up as it is (same bytes, so the same hash every time) or must be made smaller. */
export function keepsOriginal(ref: Pick<ImageRef, "width" | "height" | "bytes">): boolean {
  return Math.max(ref.width, ref.height) <= DISPLAY_LONG_EDGE && ref.bytes <= SNAPSHOT_LIMITS.imageBytes;
}

/** The snapshot of a board, given each shown image (by its blob id) once prepared; a panel whose image is absent shows none. */
export function snapshotOf(title: string, panels: Panel[], characters: Character[], images: ReadonlyMap<string, DisplayImage>): ReviewSnapshot {
  const names = new Map(characters.map((c) => [c.id, c.name]));
  return {
    title: title.slice(0, SNAPSHOT_LIMITS.title),
    panels: panels.map((panel): SnapshotPanel => {
      const shown = panelImage(panel)?.image;
      const image = shown ? images.get(shown.blobId) : undefined;
      return {
        id: panel.id,
        image: image ? { hash: image.hash, type: image.type, width: image.width, height: image.height, bytes: image.blob.size } : null,
        shot: { size: panel.shot.size, angle: panel.shot.angle, durationSec: panel.shot.durationSec },
        caption: panel.shot.caption,
        balloons: panel.shot.dialogue
          .filter((line) => line.text.trim())
          // A speaker no longer in the cast reads as an unnamed voice rather than an id.
          .map((line) => ({ id: line.id, speaker: line.speakerId ? (names.get(line.speakerId)?.slice(0, SNAPSHOT_LIMITS.speaker) ?? null) : null, text: line.text, x: line.x, y: line.y })),
      };
    }),
  };
}

/** The images a board shows, once each, in board order. */
export function shownImages(panels: Panel[]): ImageRef[] {
  const seen = new Map<string, ImageRef>();
  for (const panel of panels) {
    const shown = panelImage(panel)?.image;
    if (shown && !seen.has(shown.blobId)) seen.set(shown.blobId, shown);
  }
  return [...seen.values()];
}

export interface ImageSources {
  /** The stored bytes of an image, or undefined when they are gone from this browser. */
  read(blobId: string): Promise<Blob | undefined>;
  /** The same picture made smaller: deterministic for the same source, so a republish uploads nothing new. */
  shrink(blob: Blob, size: { width: number; height: number }): Promise<Blob>;
}

/**
 * Display images by source blob id, kept for the session: blobs never change under an id, so a
 * republish reads, shrinks and hashes only what is new. Oldest entries go first past the cap.
 */
const CACHE_CAP = 1000;
const prepared = new Map<string, Promise<DisplayImage | undefined>>();

export async function prepareImage(ref: ImageRef, sources: ImageSources): Promise<DisplayImage | undefined> {
  const cached = prepared.get(ref.blobId);
  if (cached) return cached;
  const work = (async () => {
    const original = await sources.read(ref.blobId);
    if (!original) return undefined;
    const size = keepsOriginal({ ...ref, bytes: original.size }) ? { width: ref.width, height: ref.height } : displaySize(ref.width, ref.height);
    const blob = keepsOriginal({ ...ref, bytes: original.size }) ? original : await sources.shrink(original, size);
    const hash = await sha256Hex(await blob.arrayBuffer());
    if (!hash) throw new Error("Sharing needs this page opened over HTTPS (or on localhost): the browser hides its SHA-256 here.");
    const type = (blob === original ? ref.type : blob.type) as AcceptedImageType;
    return { blob, hash, type, ...size };
  })();
  prepared.set(ref.blobId, work);
  // A failure is not kept: the next publish tries again.
  work.catch(() => prepared.delete(ref.blobId));
  while (prepared.size > CACHE_CAP) prepared.delete(prepared.keys().next().value!);
  return work;
}

/** Forgets every prepared image (tests). */
export function clearPreparedImages(): void {
  prepared.clear();
}

/** Builds the board's snapshot and the images it refers to (by hash), reporting each image prepared. */
export async function buildSnapshot(
  board: { title: string; panels: Panel[]; characters: Character[] },
  sources: ImageSources,
  onImage?: (done: number, total: number) => void,
): Promise<{ snapshot: ReviewSnapshot; images: Map<string, DisplayImage>; unreadable: number }> {
  const refs = shownImages(board.panels);
  const byBlob = new Map<string, DisplayImage>();
  let done = 0;
  let unreadable = 0;
  // A few at a time: each holds a decoded frame while it shrinks.
  const queue = [...refs];
  const worker = async () => {
    for (let ref = queue.shift(); ref; ref = queue.shift()) {
      const image = await prepareImage(ref, sources);
      if (image) byBlob.set(ref.blobId, image);
      else unreadable += 1;
      onImage?.(++done, refs.length);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const images = new Map([...byBlob.values()].map((image) => [image.hash, image]));
  return { snapshot: snapshotOf(board.title, board.panels, board.characters, byBlob), images, unreadable };
}
