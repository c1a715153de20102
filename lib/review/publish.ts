import { SNAPSHOT_LIMITS, type ReviewSnapshot } from "../server/review/snapshot-schema";
import type { Panel } from "../state/panel-schema";
import type { Character } from "../state/schema";
import { createShare, missingImages, publishVersion, putImage, ReviewRequestError } from "./review-client";
import type { CreatedShare } from "./review-types";
import type { SavedShareLink } from "./share-links";
import { buildSnapshot, type DisplayImage, type ImageSources } from "./snapshot-builder";

/**
 * Publishing the open board as a review version: create the link if there is none, prepare and
 * hash the images, upload only those the server lacks (4 at a time), then publish. Storage that is
 * down, or a dropped connection, is waited out with backoff; anything else stops with the server's
 * own message. Only reads local work, never changes it.
 */
export type PublishProgress =
  | { step: "preparing"; done: number; total: number }
  | { step: "linking" }
  | { step: "uploading"; done: number; total: number }
  | { step: "publishing" }
  | { step: "waiting"; seconds: number; message: string };

export interface PublishInput {
  projectId: string;
  projectName: string;
  /** Publish the next version to this link; without it a new link is made. */
  shareId?: string;
  expiresInDays: number | null;
}

export interface Published {
  shareId: string;
  /** The review page's address, or null for a link this browser did not make. */
  url: string | null;
  number: number;
  /** Images sent this time, and images the version shows. */
  uploaded: number;
  images: number;
  /** Panels whose image is no longer stored in this browser: published without one. */
  unreadable: number;
}

/** Why publishing stopped: the server's message (or ours), with what the dialog should offer. */
export class PublishError extends Error {
  constructor(
    message: string,
    /** Trying again later may work (storage or network were down). */
    readonly retryable: boolean,
    /** The server wants a signed-in session (APP_ACCESS_TOKEN is set). */
    readonly signInNeeded = false,
    /** The link was made before the failure: a retry publishes to it. */
    readonly shareId?: string,
  ) {
    super(message);
    this.name = "PublishError";
  }
}

export class PublishCancelled extends Error {
  constructor() {
    super("Publishing cancelled");
    this.name = "PublishCancelled";
  }
}

export interface PublishDeps {
  board(): { panels: Panel[]; characters: Character[] };
  sources: ImageSources;
  api: {
    createShare(input: { projectId: string; projectName: string; expiresInDays: number | null }): Promise<CreatedShare>;
    missingImages(hashes: string[]): Promise<string[]>;
    putImage(hash: string, blob: Blob): Promise<void>;
    publishVersion(shareId: string, snapshot: ReviewSnapshot): Promise<{ number: number }>;
  };
  links: { saved(projectId: string): Promise<SavedShareLink[]>; save(projectId: string, link: SavedShareLink): Promise<void> };
  origin: string;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  retryDelaysMs: readonly number[];
}

/** Waits before each retry: 1, 2, 4 then 8 s, so five attempts in all over about 15 s. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000] as const;
const UPLOADS_AT_ONCE = 4;

function waitingMessage(error: ReviewRequestError, seconds: number): string {
  const what = error.code === "storage_unavailable" ? "Storage is unavailable" : error.status === 0 ? "The server could not be reached" : "The server is busy";
  return `${what}; retrying in ${seconds} s…`;
}

/** Runs `work`, waiting out retryable failures (counting down in whole seconds), then gives up with the last one. */
export async function withRetries<T>(work: () => Promise<T>, deps: Pick<PublishDeps, "sleep" | "retryDelaysMs">, onProgress: (p: PublishProgress) => void, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = deps.retryDelaysMs[attempt];
      if (!(error instanceof ReviewRequestError) || !error.retryable || delay === undefined) throw error;
      for (let remaining = delay; remaining > 0 && !signal?.aborted; ) {
        const seconds = Math.ceil(remaining / 1000);
        onProgress({ step: "waiting", seconds, message: waitingMessage(error, seconds) });
        const slice = remaining - (seconds - 1) * 1000;
        await deps.sleep(slice, signal);
        remaining -= slice;
      }
      if (signal?.aborted) throw new PublishCancelled();
    }
  }
}

/** The images' sum against the server's cap, checked before anything goes up. */
function checkSize(snapshot: ReviewSnapshot, images: Map<string, DisplayImage>): void {
  if (snapshot.panels.length > SNAPSHOT_LIMITS.panels) throw new PublishError(`A review holds at most ${SNAPSHOT_LIMITS.panels} panels; this board has ${snapshot.panels.length}. Share it in parts.`, false);
  const total = [...images.values()].reduce((sum, image) => sum + image.blob.size, 0);
  if (total > SNAPSHOT_LIMITS.totalImageBytes) {
    throw new PublishError(`A review's images come to at most ${SNAPSHOT_LIMITS.totalImageBytes / 1_000_000} MB; this board's come to ${(total / 1_000_000).toFixed(1)} MB. Share it in parts.`, false);
  }
}

export async function publishBoard(input: PublishInput, onProgress: (p: PublishProgress) => void, signal?: AbortSignal, deps?: PublishDeps): Promise<Published> {
  const d = deps ?? (await browserDeps());
  const step = <T>(work: () => Promise<T>) => {
    if (signal?.aborted) throw new PublishCancelled();
    return withRetries(work, d, onProgress, signal);
  };
  let shareId = input.shareId;
  try {
    const { panels, characters } = d.board();
    onProgress({ step: "preparing", done: 0, total: 0 });
    const { snapshot, images, unreadable } = await buildSnapshot({ title: input.projectName, panels, characters }, d.sources, (done, total) => onProgress({ step: "preparing", done, total }));
    checkSize(snapshot, images);

    let link = shareId ? ((await d.links.saved(input.projectId)).find((saved) => saved.shareId === shareId) ?? null) : null;
    if (!shareId) {
      onProgress({ step: "linking" });
      const created = await step(() => d.api.createShare({ projectId: input.projectId, projectName: input.projectName, expiresInDays: input.expiresInDays }));
      shareId = created.share.id;
      link = { shareId, url: new URL(created.path, d.origin).href, createdAt: created.share.createdAt };
      // Kept at once: the token is never shown again, and a retry after a failure below reuses this link.
      await d.links.save(input.projectId, link);
    }
    const id = shareId;

    const missing = new Set(await step(() => d.api.missingImages([...images.keys()])));
    const queue = [...images.values()].filter((image) => missing.has(image.hash));
    const total = queue.length;
    let done = 0;
    onProgress({ step: "uploading", done, total });
    const uploader = async () => {
      for (let image = queue.shift(); image; image = queue.shift()) {
        const { hash, blob } = image;
        await step(() => d.api.putImage(hash, blob));
        onProgress({ step: "uploading", done: ++done, total });
      }
    };
    await Promise.all(Array.from({ length: UPLOADS_AT_ONCE }, uploader));

    onProgress({ step: "publishing" });
    const { number } = await step(() => d.api.publishVersion(id, snapshot));
    // The link last published to comes first: the one the next share offers.
    if (link) await d.links.save(input.projectId, link);
    return { shareId: id, url: link?.url ?? null, number, uploaded: total, images: images.size, unreadable };
  } catch (error) {
    if (error instanceof PublishCancelled || error instanceof PublishError) throw error;
    if (error instanceof ReviewRequestError) throw new PublishError(error.message, error.retryable, error.status === 401, shareId);
    throw new PublishError(error instanceof Error ? error.message : String(error), false, false, shareId);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** The browser's own: the open board from the store, images from IndexedDB, the review routes. */
async function browserDeps(): Promise<PublishDeps> {
  const [{ useCastboard }, { getBlob }, links, { shrinkImage }] = await Promise.all([
    import("../state/store"),
    import("../storage/blob-store"),
    import("./share-links"),
    import("./publish-images"),
  ]);
  return {
    board: () => useCastboard.getState(),
    sources: { read: getBlob, shrink: shrinkImage },
    api: { createShare, missingImages, putImage, publishVersion },
    links: { saved: links.savedShareLinks, save: links.saveShareLink },
    origin: window.location.origin,
    sleep,
    retryDelaysMs: RETRY_DELAYS_MS,
  };
}
