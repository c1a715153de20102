import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { publishBoard, PublishError, type PublishDeps, type PublishProgress } from "@/lib/review/publish";
import { ReviewRequestError } from "@/lib/review/review-client";
import type { SavedShareLink } from "@/lib/review/share-links";
import { buildSnapshot, clearPreparedImages, displaySize, keepsOriginal, snapshotOf, type ImageSources } from "@/lib/review/snapshot-builder";
import { ReviewSnapshotSchema, type ReviewSnapshot } from "@/lib/server/review/snapshot-schema";
import { DEFAULT_GENERATION_SETTINGS, type Panel } from "@/lib/state/panel-schema";
import { newPanel } from "@/lib/state/panel-slice";
import type { Character, ImageRef } from "@/lib/state/schema";
import * as z from "@/lib/zod";

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Distinct bytes per image, standing for a stored JPEG. */
const bytesOf = (n: number, size = 300) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + n * 7) % 256);

const mara: Character = {
  id: "cast-mara",
  name: "Mara",
  notes: "secret notes about Mara",
  reference: { blobId: "ref", type: "image/png", width: 10, height: 10, bytes: 10 },
  thumbnail: { blobId: "ref-t", type: "image/png", width: 10, height: 10, bytes: 10 },
  mask: null,
  createdAt: 0,
};

/** A panel whose chosen take shows `image`, with the author's private prompt and notes. */
function panelWith(id: string, image: ImageRef | null, caption = `Caption ${id}`): Panel {
  const panel = newPanel("cast-mara", DEFAULT_GENERATION_SETTINGS);
  const recipe = { ...panel.recipe, prompt: `private prompt ${id}` };
  return {
    ...panel,
    id,
    recipe,
    shot: {
      size: "wide",
      angle: "low",
      caption,
      notes: `private notes ${id}`,
      durationSec: 2.5,
      dialogue: [
        { id: `${id}-a`, speakerId: "cast-mara", text: "We go at dawn.", x: 0.3, y: 0.2 },
        { id: `${id}-b`, speakerId: null, text: "(thunder)", x: 0.7, y: 0.8 },
        { id: `${id}-c`, speakerId: "cast-mara", text: "   ", x: 0.5, y: 0.5 },
      ],
    },
    takes: image ? [{ id: `${id}-take`, requestId: "r", mode: "draft", createdAt: 0, recipe, seed: 7, costCents: 0, images: [image], thumbnails: [image] }] : [],
    chosen: image ? { takeId: `${id}-take`, imageIndex: 0 } : null,
  };
}

const ref = (blobId: string, width = 1024, height = 576, bytes = 300): ImageRef => ({ blobId, type: "image/jpeg", width, height, bytes });

/** Stored images by blob id, counting reads and shrinks. */
function memorySources(blobs: Record<string, Uint8Array>) {
  const counts = { reads: 0, shrinks: 0 };
  const sources: ImageSources = {
    read: async (id) => {
      counts.reads += 1;
      const bytes = blobs[id];
      return bytes ? new Blob([bytes as BlobPart], { type: "image/jpeg" }) : undefined;
    },
    // Stands for the canvas: the same input always gives the same output.
    shrink: async (blob, size) => {
      counts.shrinks += 1;
      const source = new Uint8Array(await blob.arrayBuffer());
      return new Blob([source.slice(0, 50) as BlobPart, new TextEncoder().encode(`${size.width}x${size.height}`)], { type: "image/webp" });
    },
  };
  return { sources, counts };
}

beforeEach(() => clearPreparedImages());

describe("the review snapshot", () => {
  it("holds what a reviewer sees, in board order, and nothing of the author's own data", () => {
    const panels = [panelWith("p1", ref("b1")), panelWith("p2", null)];
    const images = new Map([["b1", { blob: new Blob([bytesOf(1)]), hash: "a".repeat(64), type: "image/jpeg" as const, width: 1024, height: 576 }]]);
    const snapshot = snapshotOf("Dawn raid", panels, [mara], images);
    expect(z.safeParse(ReviewSnapshotSchema, snapshot).success).toBe(true);
    expect(snapshot.title).toBe("Dawn raid");
    expect(snapshot.panels.map((p) => p.id)).toEqual(["p1", "p2"]);
    expect(snapshot.panels[0]).toEqual({
      id: "p1",
      image: { hash: "a".repeat(64), type: "image/jpeg", width: 1024, height: 576, bytes: 300 },
      shot: { size: "wide", angle: "low", durationSec: 2.5 },
      caption: "Caption p1",
      // The speaker by name, an unnamed voice as null, an empty line left out.
      balloons: [
        { id: "p1-a", speaker: "Mara", text: "We go at dawn.", x: 0.3, y: 0.2 },
        { id: "p1-b", speaker: null, text: "(thunder)", x: 0.7, y: 0.8 },
      ],
    });
    expect(snapshot.panels[1]!.image).toBeNull();
    const text = JSON.stringify(snapshot);
    for (const secret of ["private prompt", "private notes", "cast-mara", "secret notes", "p1-take", "b1"]) expect(text).not.toContain(secret);
  });

  it("keeps an image of at most 1600 px as it is and scales a larger one's long edge to 1600", () => {
    expect(keepsOriginal({ width: 1600, height: 900, bytes: 1_000_000 })).toBe(true);
    expect(keepsOriginal({ width: 2048, height: 1152, bytes: 1_000_000 })).toBe(false);
    expect(keepsOriginal({ width: 1000, height: 1000, bytes: 25_000_000 })).toBe(false);
    expect(displaySize(2048, 1152)).toEqual({ width: 1600, height: 900 });
    expect(displaySize(1152, 4096)).toEqual({ width: 450, height: 1600 });
    expect(displaySize(640, 360)).toEqual({ width: 640, height: 360 });
  });

  it("sends a small image's own bytes (hash of the bytes), shrinks a large one, and prepares each only once per session", async () => {
    const blobs = { small: bytesOf(1), large: bytesOf(2, 900) };
    const { sources, counts } = memorySources(blobs);
    // The same image on two panels goes up once.
    const panels = [panelWith("p1", ref("small")), panelWith("p2", ref("large", 3000, 2000, 900)), panelWith("p3", ref("small"))];
    const progress: number[] = [];
    const first = await buildSnapshot({ title: "T", panels, characters: [mara] }, sources, (done) => progress.push(done));
    expect(progress.sort()).toEqual([1, 2]);
    expect(first.images.size).toBe(2);
    const [small, large, again] = first.snapshot.panels.map((p) => p.image!);
    expect(small).toEqual({ hash: sha(blobs.small), type: "image/jpeg", width: 1024, height: 576, bytes: 300 });
    expect(again).toEqual(small);
    expect(large).toMatchObject({ type: "image/webp", width: 1600, height: 1067 });
    expect(large!.hash).toBe(sha(new Uint8Array(await first.images.get(large!.hash)!.blob.arrayBuffer())));
    expect(counts).toEqual({ reads: 2, shrinks: 1 });

    const second = await buildSnapshot({ title: "T", panels, characters: [mara] }, sources);
    expect(second.snapshot).toEqual(first.snapshot);
    expect(counts).toEqual({ reads: 2, shrinks: 1 });
  });

  it("publishes a panel whose image is gone from this browser without one, and says how many", async () => {
    const { sources } = memorySources({});
    const built = await buildSnapshot({ title: "T", panels: [panelWith("p1", ref("gone"))], characters: [] }, sources);
    expect(built.snapshot.panels[0]!.image).toBeNull();
    expect(built.unreadable).toBe(1);
  });
});

/** The review routes as a fake server: a store of image hashes, shares and versions; failures queued per call. */
function fakeServer(blobs: Record<string, Uint8Array>) {
  const stored = new Set<string>();
  const versions = new Map<string, ReviewSnapshot[]>();
  const links: Record<string, SavedShareLink[]> = {};
  const calls: string[] = [];
  const failures: ReviewRequestError[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let board: Panel[] = [];
  const fail = () => {
    const next = failures.shift();
    if (next) throw next;
  };
  const { sources, counts } = memorySources(blobs);
  const deps: PublishDeps = {
    board: () => ({ panels: board, characters: [mara] }),
    sources,
    api: {
      createShare: async () => {
        calls.push("create");
        fail();
        const id = `share-${versions.size + 1}`;
        versions.set(id, []);
        return { share: { id, createdAt: "2026-12-01T10:00:00Z" } as never, token: `token-${id}`, path: `/review/token-${id}` };
      },
      missingImages: async (hashes) => {
        calls.push("missing");
        fail();
        return hashes.filter((h) => !stored.has(h));
      },
      putImage: async (hash, blob) => {
        calls.push("put");
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        fail();
        expect(sha(new Uint8Array(await blob.arrayBuffer()))).toBe(hash);
        stored.add(hash);
      },
      publishVersion: async (shareId, snapshot) => {
        calls.push("publish");
        fail();
        const list = versions.get(shareId)!;
        list.push(snapshot);
        return { number: list.length };
      },
    },
    links: {
      saved: async (projectId) => links[projectId] ?? [],
      save: async (projectId, link) => void (links[projectId] = [link, ...(links[projectId] ?? []).filter((l) => l.shareId !== link.shareId)]),
    },
    origin: "http://castboard.test",
    sleep: async () => undefined,
    retryDelaysMs: [1000, 2000, 4000, 8000],
  };
  return { deps, stored, versions, links, calls, failures, counts, setBoard: (panels: Panel[]) => (board = panels), maxInFlight: () => maxInFlight };
}

const storageDown = () => new ReviewRequestError("The review database is not answering (ECONNREFUSED). Nothing was lost.", 503, "storage_unavailable");
const input = { projectId: "proj", projectName: "Dawn raid", expiresInDays: null };

describe("publishing a board", () => {
  const blobs = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`b${i}`, bytesOf(i)]));
  const boardOf = (n: number) => Array.from({ length: n }, (_, i) => panelWith(`p${i}`, ref(`b${i}`)));

  it("makes a link, uploads every image at most 4 at a time, publishes version 1 and remembers the link", async () => {
    const server = fakeServer(blobs);
    server.setBoard(boardOf(9));
    const progress: PublishProgress[] = [];
    const published = await publishBoard(input, (p) => progress.push(p), undefined, server.deps);
    expect(published).toEqual({ shareId: "share-1", url: "http://castboard.test/review/token-share-1", number: 1, uploaded: 9, images: 9, unreadable: 0 });
    expect(server.calls.filter((c) => c === "put")).toHaveLength(9);
    expect(server.maxInFlight()).toBeLessThanOrEqual(4);
    expect(server.versions.get("share-1")![0]!.panels.map((p) => p.caption)).toEqual(boardOf(9).map((p) => p.shot.caption));
    expect(progress.filter((p) => p.step === "uploading").map((p) => (p.step === "uploading" ? p.done : -1))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(progress.at(-1)).toEqual({ step: "publishing" });
    expect(server.links.proj).toEqual([{ shareId: "share-1", url: "http://castboard.test/review/token-share-1", createdAt: "2026-12-01T10:00:00Z" }]);
  });

  it("publishes version 2 to the same link, uploading only the image that changed", async () => {
    const server = fakeServer({ ...blobs, fresh: bytesOf(99) });
    server.setBoard(boardOf(3));
    await publishBoard(input, () => undefined, undefined, server.deps);
    server.setBoard([panelWith("p0", ref("fresh")), ...boardOf(3).slice(1)]);
    server.calls.length = 0;
    const second = await publishBoard({ ...input, shareId: "share-1" }, () => undefined, undefined, server.deps);
    expect(second).toMatchObject({ shareId: "share-1", url: "http://castboard.test/review/token-share-1", number: 2, uploaded: 1, images: 3 });
    expect(server.calls).toEqual(["missing", "put", "publish"]);
    // Only the new image was read from the browser's storage.
    expect(server.counts.reads).toBe(4);
  });

  it("waits out storage that is down, saying so with a countdown, and carries on when it answers", async () => {
    const server = fakeServer(blobs);
    server.setBoard(boardOf(2));
    server.failures.push(storageDown(), storageDown());
    const progress: PublishProgress[] = [];
    const published = await publishBoard(input, (p) => progress.push(p), undefined, server.deps);
    expect(published.number).toBe(1);
    expect(server.calls.slice(0, 3)).toEqual(["create", "create", "create"]);
    const waits = progress.flatMap((p) => (p.step === "waiting" ? [p.message] : []));
    expect(waits).toEqual(["Storage is unavailable; retrying in 1 s…", "Storage is unavailable; retrying in 2 s…", "Storage is unavailable; retrying in 1 s…"]);
  });

  it("gives up after five attempts with the server's message, keeping the link made for a retry", async () => {
    const server = fakeServer(blobs);
    server.setBoard(boardOf(2));
    // The link is made, then storage goes down before the images go up.
    server.deps.api.missingImages = async () => {
      server.calls.push("missing");
      throw storageDown();
    };
    const error = await publishBoard(input, () => undefined, undefined, server.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({ message: expect.stringMatching(/not answering.*Nothing was lost/), retryable: true, signInNeeded: false, shareId: "share-1" });
    expect(server.calls.filter((c) => c === "missing")).toHaveLength(5);
    expect(server.links.proj?.map((l) => l.shareId)).toEqual(["share-1"]);
  });

  it("stops at once on a refusal, with the server's message; signed out, it says sign in", async () => {
    const server = fakeServer(blobs);
    server.setBoard(boardOf(1));
    server.failures.push(new ReviewRequestError("Sign in first: this Castboard needs an access token", 401, "unauthorized"));
    const signedOut = await publishBoard(input, () => undefined, undefined, server.deps).catch((e: unknown) => e);
    expect(signedOut).toMatchObject({ message: "Sign in first: this Castboard needs an access token", retryable: false, signInNeeded: true });
    expect(server.calls).toEqual(["create"]);

    server.failures.push(new ReviewRequestError("A review's images come to at most 200 MB.", 413, "snapshot_too_large"));
    server.calls.length = 0;
    const refused = await publishBoard({ ...input, shareId: "share-1" }, () => undefined, undefined, server.deps).catch((e: unknown) => e);
    expect(refused).toMatchObject({ message: "A review's images come to at most 200 MB.", retryable: false });
    expect(server.calls).toEqual(["missing"]);
  });
});
