import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db/client";
import { FilesystemObjectStore } from "@/lib/server/objects/filesystem-object-store";
import type { ObjectStore } from "@/lib/server/objects/object-store";
import { S3ObjectStore } from "@/lib/server/objects/s3-object-store";
import { ReviewStore } from "@/lib/server/review/review-store";
import { board, panelImage, snapshotPanel, uploadsOf } from "../support/review-fixtures";
import { startS3, type RunningS3 } from "../support/s3";
import { freePort, tempDir } from "../support/servers";

/** Published images on the filesystem and in an S3-compatible server (s3rver, path-style as MinIO and R2). */
interface Backend {
  name: string;
  setup(): Promise<{ store: ObjectStore; count(): Promise<number>; teardown(): Promise<void> }>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function s3Settings(s3: RunningS3) {
  return { bucket: s3.bucket, endpoint: s3.endpoint, region: "us-east-1", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true };
}

const backends: Backend[] = [
  {
    name: "filesystem",
    async setup() {
      const dir = tempDir("objects");
      return { store: new FilesystemObjectStore(dir), count: async () => filesUnder(dir).length, teardown: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "S3",
    async setup() {
      const s3 = await startS3();
      const store = new S3ObjectStore(s3Settings(s3));
      const lister = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
      return {
        store,
        count: async () => (await lister.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).KeyCount ?? 0,
        teardown: async () => {
          store.close();
          lister.destroy();
          await s3.stop();
        },
      };
    },
  },
];

// One embedded database for the whole file: starting PGlite is the slow part.
let dataDir: string;
let handle: DatabaseHandle;
beforeAll(async () => {
  dataDir = tempDir("pglite");
  handle = await openDatabase({ dataDir });
});
afterAll(async () => {
  await handle?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(backends)("review images on the $name store", (backend) => {
  let env: Awaited<ReturnType<Backend["setup"]>>;
  let review: ReviewStore;

  beforeAll(async () => {
    env = await backend.setup();
    review = new ReviewStore(handle.db, env.store);
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it("stores an image by its hash and gives back the same bytes and type", async () => {
    const image = await panelImage(7);
    expect(await env.store.has(image.hash)).toBe(false);
    expect(await env.store.get(image.hash)).toBeNull();
    await env.store.put(image.hash, image.bytes, image.type);
    expect(await env.store.has(image.hash)).toBe(true);
    const stored = await env.store.get(image.hash);
    expect(stored?.type).toBe("image/png");
    expect(Buffer.from(stored!.bytes).equals(Buffer.from(image.bytes))).toBe(true);
    // Written twice at once (two publishes of one image), it is still one whole object.
    await Promise.all([env.store.put(image.hash, image.bytes, image.type), env.store.put(image.hash, image.bytes, image.type)]);
    expect(await env.count()).toBe(1);
    expect(Buffer.from((await env.store.get(image.hash))!.bytes).equals(Buffer.from(image.bytes))).toBe(true);
  });

  it("refuses a name that is not a hash before it reaches a path or a key", async () => {
    await expect(env.store.put("../../etc/passwd", new Uint8Array([1]), "image/png")).rejects.toThrow(/not an image hash/);
    await expect(env.store.get("../secrets")).rejects.toThrow(/not an image hash/);
  });

  it("uploads exactly the one changed image when a board with one new panel is published again", async () => {
    const before = await env.count();
    const { snapshot, images } = await board(5, 50);
    const { share } = await review.createShare({ projectId: "p", projectName: "Objects" });
    expect((await review.publishVersion(share.id, snapshot, uploadsOf(images))).uploaded).toHaveLength(5);
    expect(await env.count()).toBe(before + 5);
    const changed = await panelImage(777);
    const next = { ...snapshot, panels: snapshot.panels.map((p, i) => (i === 4 ? snapshotPanel(p.id, changed) : p)) };
    // The app sends every image it has; the store keeps only what it lacked.
    const published = await review.publishVersion(share.id, next, uploadsOf([...images.slice(0, 4), changed]));
    expect(published).toEqual({ number: 2, uploaded: [changed.hash] });
    expect(await env.count()).toBe(before + 6);
    expect((await review.imageOfShare(share.id, changed.hash))?.type).toBe("image/png");
  });
});

describe("an S3 store that does not answer", () => {
  it("makes publishing say the object store is unavailable, with nothing recorded", async () => {
    const dead = new S3ObjectStore({ bucket: "b", endpoint: `http://127.0.0.1:${await freePort()}`, region: "us-east-1", accessKeyId: "k", secretAccessKey: "s", forcePathStyle: true });
    try {
      const review = new ReviewStore(handle.db, dead);
      const { share } = await review.createShare({ projectId: "p", projectName: "Down" });
      const { snapshot, images } = await board(1, 5);
      const error = await review.publishVersion(share.id, snapshot, uploadsOf(images)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "storage_unavailable", status: 503, headers: { "retry-after": "5" } });
      expect((error as Error).message).toMatch(/review object store is not answering \(ECONNREFUSED\)\. Nothing was lost/);
      await expect(review.getVersion(share.id)).rejects.toMatchObject({ code: "not_found" });
    } finally {
      dead.close();
    }
  });
});
