import { rmSync } from "node:fs";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db/client";
import { FilesystemObjectStore } from "@/lib/server/objects/filesystem-object-store";
import type { ObjectStore } from "@/lib/server/objects/object-store";
import { ReviewStore } from "@/lib/server/review/review-store";
import { startPostgres, type RunningPostgres } from "../support/postgres";
import { board, panelImage, snapshotPanel, until, uploadsOf } from "../support/review-fixtures";
import { tempDir } from "../support/servers";

/**
 * The review links' repository, the same suite on embedded PGlite and on a real Postgres server,
 * with images on the filesystem (tests/integration/review-objects.test.ts covers S3).
 */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

/** Rows of a raw query, as PGlite (`{ rows }`) and postgres-js (an array) each return them. */
async function rows<T>(handle: DatabaseHandle, query: SQL): Promise<T[]> {
  const result = (await handle.db.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}

/** A real store that also counts its writes, to see what a publish uploads. */
function counted(store: ObjectStore) {
  const puts: string[] = [];
  const wrapped: ObjectStore = { kind: store.kind, has: (h) => store.has(h), get: (h) => store.get(h), put: (h, b, t) => (puts.push(h), store.put(h, b, t)) };
  return { store: wrapped, puts };
}

interface Backend {
  name: string;
  setup(): Promise<{ open(): Promise<DatabaseHandle>; teardown(): Promise<void>; postgres?: RunningPostgres }>;
}

const backends: Backend[] = [
  {
    name: "PGlite",
    async setup() {
      const dataDir = tempDir("pglite");
      return { open: () => openDatabase({ dataDir }), teardown: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: "Postgres",
    async setup() {
      const postgres = await startPostgres();
      return { postgres, open: () => openDatabase({ url: postgres.url, dataDir: "/nonexistent" }), teardown: () => postgres.stop() };
    },
  },
];

describe.each(backends)("review store on $name", (backend) => {
  let env: Awaited<ReturnType<Backend["setup"]>>;
  let handle: DatabaseHandle;
  let objectsDir: string;
  let objects: ReturnType<typeof counted>;
  let store: ReviewStore;

  beforeAll(async () => {
    env = await backend.setup();
    // Opened twice: the second start finds every migration applied and changes nothing.
    const first = await env.open();
    await first.close();
    handle = await env.open();
    objectsDir = tempDir("objects");
    objects = counted(new FilesystemObjectStore(objectsDir));
    store = new ReviewStore(handle.db, objects.store);
  });
  afterAll(async () => {
    await handle?.close();
    await env?.teardown();
    rmSync(objectsDir, { recursive: true, force: true });
  });

  it("applies its migrations once, however often it starts", async () => {
    const applied = await rows<{ n: number }>(handle, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(applied[0]!.n).toBe(1);
    const tables = await rows<{ table_name: string }>(handle, sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
    expect(tables.map((t) => t.table_name)).toEqual(["comments", "panel_statuses", "shares", "verdicts", "versions"]);
  });

  it("hands out a token of at least 128 bits once and keeps only its hash", async () => {
    const { share, token } = await store.createShare({ projectId: "p-token", projectName: "Tokens" });
    expect(Buffer.from(token, "base64url").byteLength * 8).toBeGreaterThanOrEqual(128);
    expect((await store.resolveToken(token))?.id).toBe(share.id);
    const { snapshot, images } = await board(1, 40);
    await store.publishVersion(share.id, snapshot, uploadsOf(images));
    const [{ dump }] = (await rows<{ dump: string }>(
      handle,
      sql`select (select coalesce(string_agg(t::text, ''), '') from shares t) || (select coalesce(string_agg(t::text, ''), '') from versions t) as dump`,
    )) as [{ dump: string }];
    expect(dump).toContain(share.id);
    expect(dump).not.toContain(token);
    expect(await store.resolveToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await store.resolveToken("not-a-token")).toBeNull();
  });

  it("publishes version 1, then version 2 uploading only the one panel that changed", async () => {
    const { share, token } = await store.createShare({ projectId: "p-publish", projectName: "Publish" });
    const { snapshot, images } = await board(6, 100);
    const before = objects.puts.length;
    const first = await store.publishVersion(share.id, snapshot, uploadsOf(images));
    expect(first.number).toBe(1);
    expect(objects.puts.length - before).toBe(6);

    const changed = await panelImage(999);
    const second = { ...snapshot, panels: snapshot.panels.map((p, i) => (i === 2 ? snapshotPanel(p.id, changed, "Shot 3, redrawn") : p)) };
    expect(await store.missingImages(second.panels.map((p) => p.image!.hash))).toEqual([changed.hash]);
    const published = await store.publishVersion(share.id, second, uploadsOf([changed]));
    expect(published).toEqual({ number: 2, uploaded: [changed.hash] });
    expect(objects.puts.length - before).toBe(7);

    const resolved = await store.resolveToken(token);
    expect((await store.getVersion(resolved!.id)).number).toBe(2);
    expect((await store.getVersion(resolved!.id, 1)).snapshot.panels[2]!.caption).toBe("Shot 3");
    expect((await store.imageOfShare(share.id, changed.hash))?.bytes).toEqual(changed.bytes);
    // A link opens its own images only, even when the image exists for another board.
    const other = await store.createShare({ projectId: "p-publish", projectName: "Other" });
    expect(await store.imageOfShare(other.share.id, changed.hash)).toBeNull();
  });

  it("refuses a version whose images are neither uploaded nor stored, or do not match their hash", async () => {
    const { share } = await store.createShare({ projectId: "p-missing", projectName: "Missing" });
    const { snapshot, images } = await board(2, 200);
    const missing = await refusal(store.publishVersion(share.id, snapshot, uploadsOf(images.slice(0, 1))));
    expect(missing.code).toBe("validation_failed");
    expect(missing.extra.missing).toEqual([images[1]!.hash]);
    const forged = new Map([[images[0]!.hash, { ...images[1]!, hash: images[0]!.hash }], [images[1]!.hash, images[1]!]]);
    expect((await refusal(store.publishVersion(share.id, snapshot, forged))).message).toMatch(/does not match its hash/);
    await expect(store.getVersion(share.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a snapshot past its caps with a message that says what to do", async () => {
    const { share } = await store.createShare({ projectId: "p-caps", projectName: "Caps" });
    const tooMany = { title: "Long", panels: Array.from({ length: 501 }, (_, i) => snapshotPanel(`p${i}`, null)) };
    const panels = await refusal(store.publishVersion(share.id, tooMany, new Map()));
    expect(panels.code).toBe("snapshot_too_large");
    expect(panels.message).toMatch(/at most 500 panels; this board has 501\. Share it in parts/);

    const heavy = await Promise.all(Array.from({ length: 11 }, (_, i) => panelImage(300 + i)));
    const huge = {
      title: "Heavy",
      panels: heavy.map((image, i) => ({ ...snapshotPanel(`h${i}`, image), image: { hash: image.hash, type: image.type, width: 64, height: 36, bytes: 19_000_000 } })),
    };
    const bytes = await refusal(store.publishVersion(share.id, huge, new Map()));
    expect(bytes.code).toBe("snapshot_too_large");
    expect(bytes.message).toMatch(/at most 200 MB; this board's come to 209\.0 MB/);

    const badCaption = await refusal(store.publishVersion(share.id, { title: "x", panels: [{ ...snapshotPanel("a", null), caption: "c".repeat(2001) }] }, new Map()));
    expect(badCaption.code).toBe("validation_failed");
    expect(badCaption.message).toMatch(/panels\.0\.caption/);
  });

  it("answers null at once for a revoked link, and for an expired one", async () => {
    const revoked = await store.createShare({ projectId: "p-revoke", projectName: "Revoke" });
    // On Postgres a second connection stands for a second instance of the app; PGlite is one process's.
    const otherInstance = backend.name === "Postgres" ? await env.open() : null;
    const reader = otherInstance ? new ReviewStore(otherInstance.db, objects.store) : store;
    expect(await reader.resolveToken(revoked.token)).not.toBeNull();
    await store.revokeShare(revoked.share.id);
    expect(await reader.resolveToken(revoked.token)).toBeNull();
    await otherInstance?.close();

    const expired = await store.createShare({ projectId: "p-revoke", projectName: "Expired", expiresAt: new Date(Date.now() - 1000) });
    expect(await store.resolveToken(expired.token)).toBeNull();
    const later = await store.createShare({ projectId: "p-revoke", projectName: "Later", expiresAt: new Date(Date.now() + 3_600_000) });
    expect(await store.resolveToken(later.token)).not.toBeNull();
  });

  it("takes comments as trimmed plain text up to 2000 characters, and refuses empty or longer ones", async () => {
    const { share } = await store.createShare({ projectId: "p-comments", projectName: "Comments" });
    const { snapshot, images } = await board(2, 400);
    await store.publishVersion(share.id, snapshot, uploadsOf(images));
    const at = { shareId: share.id, versionNumber: 1, panelId: "panel-1", authorName: "  Ines  " };
    const comment = await store.addComment({ ...at, body: "  <b>Tighter</b> on her hands  " });
    expect(comment).toMatchObject({ body: "<b>Tighter</b> on her hands", authorName: "Ines", fromAuthor: false, resolvedAt: null });
    expect((await store.addComment({ ...at, body: "x".repeat(2000) })).body).toHaveLength(2000);

    const long = await refusal(store.addComment({ ...at, body: "x".repeat(2001) }));
    expect(long).toMatchObject({ code: "comment_too_long", status: 413 });
    expect((await refusal(store.addComment({ ...at, body: " \n\t " }))).code).toBe("comment_empty");
    expect((await refusal(store.addComment({ ...at, versionNumber: 2, body: "hi" }))).code).toBe("not_found");
    expect((await refusal(store.addComment({ ...at, panelId: "panel-9", body: "hi" }))).code).toBe("not_found");
    expect((await refusal(store.addComment({ ...at, authorName: "  ", body: "hi" }))).code).toBe("validation_failed");

    const reply = await store.reply({ shareId: share.id, commentId: comment.id, authorName: "Author", body: "Done in v2" });
    expect(reply).toMatchObject({ parentId: comment.id, fromAuthor: true, panelId: "panel-1", versionNumber: 1 });
    expect((await store.setResolved(share.id, comment.id, true)).resolvedAt).toBeInstanceOf(Date);
    const thread = await store.listComments(share.id, 1);
    expect(thread.map((c) => c.body)).toEqual(["<b>Tighter</b> on her hands", "x".repeat(2000), "Done in v2"]);
    // A comment is reached through its own share only.
    const other = await store.createShare({ projectId: "p-comments", projectName: "Other" });
    expect((await refusal(store.setResolved(other.share.id, comment.id, false))).code).toBe("not_found");
  });

  it("counts reviewers' comments since the author's last look, not the author's replies", async () => {
    const { share } = await store.createShare({ projectId: "p-count", projectName: "Count" });
    const { snapshot, images } = await board(1, 500);
    await store.publishVersion(share.id, snapshot, uploadsOf(images));
    const at = { shareId: share.id, versionNumber: 1, panelId: "panel-1", authorName: "Ines" };
    const old = await store.addComment({ ...at, body: "first" });
    const lastLook = old.createdAt;
    // The next comments must come at a later millisecond than the look.
    await until(async () => Date.now() > lastLook.getTime() + 1, "the clock to move on");
    await store.addComment({ ...at, body: "second" });
    await store.addComment({ ...at, body: "third" });
    await store.reply({ shareId: share.id, commentId: old.id, authorName: "Author", body: "noted" });
    const [overview] = await store.listShares("p-count", lastLook);
    expect(overview).toMatchObject({ id: share.id, newComments: 2, versions: [{ number: 1, panels: 1 }] });
    expect((await store.listShares("p-count"))[0]!.newComments).toBe(3);
    expect(overview).not.toHaveProperty("tokenHash");
  });

  it("keeps one status per reviewer and panel, and one verdict per reviewer, replaced when given again", async () => {
    const { share } = await store.createShare({ projectId: "p-status", projectName: "Status" });
    const { snapshot, images } = await board(2, 600);
    await store.publishVersion(share.id, snapshot, uploadsOf(images));
    await store.publishVersion(share.id, snapshot, new Map());
    const base = { shareId: share.id, versionNumber: 1, panelId: "panel-1" };
    await store.setPanelStatus({ ...base, reviewerName: "Ines", status: "changes_requested" });
    await store.setPanelStatus({ ...base, reviewerName: "Ines", status: "approved", versionNumber: 2 });
    await store.setPanelStatus({ ...base, reviewerName: "Tom", status: "changes_requested" });
    await store.setVerdict({ shareId: share.id, versionNumber: 1, reviewerName: "Ines", verdict: "changes_requested" });
    await store.setVerdict({ shareId: share.id, versionNumber: 2, reviewerName: "Ines", verdict: "approved" });
    const [overview] = await store.listShares("p-status");
    expect(overview!.statuses.map(({ reviewerName, status, versionNumber }) => ({ reviewerName, status, versionNumber })).sort((a, b) => a.reviewerName.localeCompare(b.reviewerName))).toEqual([
      { reviewerName: "Ines", status: "approved", versionNumber: 2 },
      { reviewerName: "Tom", status: "changes_requested", versionNumber: 1 },
    ]);
    expect(overview!.verdicts).toMatchObject([{ reviewerName: "Ines", verdict: "approved", versionNumber: 2 }]);
    expect((await store.reviewState(share.id)).statuses).toHaveLength(2);
    expect((await refusal(store.setPanelStatus({ ...base, panelId: "nope", reviewerName: "Ines", status: "approved" }))).code).toBe("not_found");
  });

  // Defined only where they apply, so the run reports no skipped tests.
  const onlyOn = (name: Backend["name"]) => (backend.name === name ? it : undefined);

  onlyOn("PGlite")?.("refuses a second opener of the embedded database instead of corrupting it", async () => {
    await expect(env.open()).rejects.toThrow(/is in use by process \d+\. Several instances need a shared Postgres: set DATABASE_URL/);
    expect((await store.listShares("p-publish")).length).toBeGreaterThan(0);
  });

  onlyOn("PGlite")?.("makes a new embedded database from the kept template: migrated, and empty of any other's data", async () => {
    const dataDir = tempDir("review-template");
    try {
      const fresh = await openDatabase({ dataDir });
      try {
        const other = new ReviewStore(fresh.db, new FilesystemObjectStore(tempDir("review-template-objects")));
        expect(await other.listShares("p-publish")).toEqual([]);
        const { token } = await other.createShare({ projectId: "p-template", projectName: "Template" });
        expect(await other.resolveToken(token)).not.toBeNull();
      } finally {
        await fresh.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  onlyOn("Postgres")?.("says the database is unavailable when it is down, and works again once it is back", async () => {
    const dead = await refusal(openDatabase({ url: "postgres://postgres@127.0.0.1:1/castboard", dataDir: "/nonexistent" }));
    expect(dead).toMatchObject({ code: "storage_unavailable", status: 503 });
    expect(dead.message).toMatch(/review database is not answering \(ECONNREFUSED\)/);

    const { token } = await store.createShare({ projectId: "p-down", projectName: "Down" });
    await env.postgres!.kill();
    try {
      expect((await refusal(store.resolveToken(token))).code).toBe("storage_unavailable");
      expect((await refusal(store.createShare({ projectId: "p-down", projectName: "Down" }))).code).toBe("storage_unavailable");
    } finally {
      await env.postgres!.restart();
    }
    // Connections the crash broke are replaced: calls succeed again without a restart of the app.
    await until(async () => (await store.resolveToken(token).catch(() => null)) !== null, "the store to answer again", 10_000);
  });

  onlyOn("Postgres")?.("migrates once when several instances start at the same time", async () => {
    const fresh = await startPostgres();
    try {
      const handles = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ url: fresh.url, dataDir: "/nonexistent" })));
      const applied = await rows<{ n: number }>(handles[0]!, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(applied[0]!.n).toBe(1);
      await Promise.all(handles.map((h) => h.close()));
    } finally {
      await fresh.stop();
    }
  });
});

