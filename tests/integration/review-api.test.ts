import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db/client";
import { FilesystemObjectStore } from "@/lib/server/objects/filesystem-object-store";
import { ReviewStore } from "@/lib/server/review/review-store";
import { startPostgres, type RunningPostgres } from "../support/postgres";
import { snapshotPanel, until } from "../support/review-fixtures";
import { startApp, tempDir, type RunningApp } from "../support/servers";

/**
 * The review page's routes on the built app, against a real Postgres it shares with this test
 * (the author's side is set up through the store until its routes exist). The app has an access
 * token set: a review link needs none.
 */
let database: RunningPostgres;
let handle: DatabaseHandle;
let objectsDir: string;
let store: ReviewStore;
let app: RunningApp;
let share: { id: string; token: string };

const post = (token: string, body: unknown) =>
  fetch(`${app.url}/api/review/${token}/comments`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
const comment = (body: string, extra: Record<string, unknown> = {}) => ({ version: 2, panelId: "panel-1", name: "Ines", body, ...extra });

beforeAll(async () => {
  database = await startPostgres();
  handle = await openDatabase({ url: database.url, dataDir: "/nonexistent" });
  objectsDir = tempDir("objects");
  store = new ReviewStore(handle.db, new FilesystemObjectStore(objectsDir));
  const created = await store.createShare({ projectId: "secret-project-id", projectName: "Dawn raid" });
  share = { id: created.share.id, token: created.token };
  const panels = [snapshotPanel("panel-1", null, "Wide on the harbour"), snapshotPanel("panel-2", null, "Close on Mara")];
  await store.publishVersion(share.id, { title: "Dawn raid", panels }, new Map());
  await store.publishVersion(share.id, { title: "Dawn raid", panels: [{ ...panels[0]!, caption: "Wider on the harbour" }, panels[1]!] }, new Map());
  app = await startApp({ DATABASE_URL: database.url, APP_ACCESS_TOKEN: "team-access-token-for-the-app-1234" });
});
afterAll(async () => {
  await app?.stop();
  await handle?.close();
  await database?.stop();
  rmSync(objectsDir, { recursive: true, force: true });
});

describe("reading a review link", () => {
  it("opens the newest version without the app's access token, and nothing of the author's", async () => {
    const response = await fetch(`${app.url}/api/review/${share.token}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const review = JSON.parse(text);
    expect(review).toMatchObject({ title: "Dawn raid", version: { number: 2 }, versions: [{ number: 1 }, { number: 2 }], comments: [] });
    expect(review.version.snapshot.panels.map((p: { caption: string }) => p.caption)).toEqual(["Wider on the harbour", "Close on Mara"]);
    expect(text).not.toContain("secret-project-id");
    expect(text).not.toContain(share.id);
    const older = await (await fetch(`${app.url}/api/review/${share.token}?version=1`)).json();
    expect(older.version.snapshot.panels[0].caption).toBe("Wide on the harbour");
  });

  it("answers 404 for an unknown link and a missing version, 400 for a malformed version", async () => {
    const unknown = await fetch(`${app.url}/api/review/${"A".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "not_found", message: expect.stringMatching(/does not exist, was revoked, or has expired/) });
    expect((await fetch(`${app.url}/api/review/not-a-token`)).status).toBe(404);
    const missing = await fetch(`${app.url}/api/review/${share.token}?version=9`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toMatch(/Version 9 of this board was not found/);
    const malformed = await fetch(`${app.url}/api/review/${share.token}?version=1;drop`);
    expect(malformed.status).toBe(400);
  });
});

describe("commenting through a review link", () => {
  it("takes a comment and shows it in the version's thread, as text", async () => {
    const created = await post(share.token, comment("  <img src=x onerror=alert(1)> tighter here  "));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ body: "<img src=x onerror=alert(1)> tighter here", authorName: "Ines", panelId: "panel-1", versionNumber: 2 });
    const review = await (await fetch(`${app.url}/api/review/${share.token}`)).json();
    expect(review.comments).toMatchObject([{ body: "<img src=x onerror=alert(1)> tighter here", fromAuthor: false }]);
    expect((await fetch(`${app.url}/api/review/${share.token}?version=1`).then((r) => r.json())).comments).toEqual([]);
  });

  it("refuses oversized, empty, malformed and wrong-version comments, each with its code", async () => {
    const long = await post(share.token, comment("x".repeat(2001)));
    expect(long.status).toBe(413);
    expect(await long.json()).toMatchObject({ error: "comment_too_long", max: 2000, length: 2001 });
    const empty = await post(share.token, comment("   "));
    expect(empty.status).toBe(422);
    expect((await empty.json()).error).toBe("comment_empty");
    expect((await post(share.token, "{not json")).status).toBe(400);
    const invalid = await post(share.token, { version: "two", panelId: "", name: "Ines", body: "hi" });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).detail.map((d: { loc: string[] }) => d.loc.join("."))).toEqual(["body.version", "body.panelId"]);
    const wrongVersion = await post(share.token, comment("hi", { version: 7 }));
    expect(wrongVersion.status).toBe(404);
    expect((await post("B".repeat(43), comment("hi"))).status).toBe(404);
  });

  it("limits a flood of comments from one client with 429 and Retry-After", async () => {
    const answers: Response[] = [];
    for (let i = 0; i < 12; i++) answers.push(await post(share.token, comment(`note ${i}`)));
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.every((r) => r.status === 201 || r.status === 429)).toBe(true);
    expect(Number(refused[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await refused[0]!.json()).message).toMatch(/Too many comments at once: wait \d+ s/);
  });
});

describe("the review page's poll", () => {
  const activity = (version: number | string, etag?: string) =>
    fetch(`${app.url}/api/review/${share.token}/activity?version=${version}`, { headers: etag ? { "if-none-match": etag } : {} });

  it("answers 304 while nothing changed, and the new threads, statuses and verdicts once something did", async () => {
    const first = await activity(2);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const etag = first.headers.get("etag")!;
    const before = await first.json();
    expect(before).toMatchObject({ versions: [{ number: 1 }, { number: 2 }] });
    expect(before).not.toHaveProperty("version");
    const unchanged = await activity(2, etag);
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");
    // The board's own answer and its page carry the same ETag, so the page's first poll is a 304 too.
    expect((await (await fetch(`${app.url}/api/review/${share.token}`)).json()).activityEtag).toBe(etag);
    const html = await (await fetch(`${app.url}/review/${share.token}`)).text();
    expect(/data-activity-etag="([^"]+)"/.exec(html)?.[1]?.replaceAll("&quot;", '"')).toBe(etag);

    // A comment, a resolve, a status and a verdict: each a new answer, then 304 again.
    const steps: (() => Promise<unknown>)[] = [
      async () => store.addComment({ shareId: share.id, versionNumber: 2, panelId: "panel-2", authorName: "Aiko", body: "and warmer" }),
      async () => store.setResolved(share.id, (await store.listComments(share.id, 2)).at(-1)!.id, true),
      async () => store.setPanelStatus({ shareId: share.id, versionNumber: 2, panelId: "panel-2", reviewerName: "Aiko", status: "approved" }),
      async () => store.setVerdict({ shareId: share.id, versionNumber: 2, reviewerName: "Aiko", verdict: "changes_requested" }),
    ];
    let held = etag;
    for (const step of steps) {
      await step();
      const changed = await activity(2, held);
      expect(changed.status).toBe(200);
      expect(changed.headers.get("etag")).not.toBe(held);
      held = changed.headers.get("etag")!;
      expect((await activity(2, held)).status).toBe(304);
    }
    const latest = await (await activity(2)).json();
    expect(latest.comments.at(-1)).toMatchObject({ body: "and warmer", resolvedAt: expect.any(String) });
    expect(latest.statuses).toContainEqual(expect.objectContaining({ panelId: "panel-2", reviewerName: "Aiko", status: "approved" }));
    expect(latest.verdicts).toContainEqual(expect.objectContaining({ reviewerName: "Aiko", verdict: "changes_requested" }));
    // Version 1's threads did not change, so its answer is its own.
    expect((await activity(1)).headers.get("etag")).not.toBe(held);
  });

  it("refuses a missing, unknown or malformed version and an unknown link", async () => {
    expect((await fetch(`${app.url}/api/review/${share.token}/activity`)).status).toBe(400);
    expect((await activity("x")).status).toBe(400);
    const missing = await activity(9);
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toMatch(/Version 9 of this board was not found/);
    expect((await fetch(`${app.url}/api/review/${"A".repeat(43)}/activity?version=1`)).status).toBe(404);
  });
});

describe("the review page's HTML", () => {
  const page = async (query = "") => {
    const response = await fetch(`${app.url}/review/${share.token}${query}`);
    const html = await response.text();
    const policyNonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    const scriptNonces = new Set([...html.matchAll(/<script[^>]*\snonce="([^"]+)"/g)].map((m) => m[1]));
    return { response, html, policyNonce, scriptNonces };
  };

  it("is rendered once per state of the review, each response with its own nonce, and never stale", async () => {
    await page();
    const first = await page();
    const second = await page();
    expect(second.response.headers.get("x-cache")).toBe("hit");
    for (const view of [first, second]) {
      expect(view.response.status).toBe(200);
      expect(view.policyNonce).toBeTruthy();
      expect([...view.scriptNonces]).toEqual([view.policyNonce]);
    }
    expect(second.policyNonce).not.toBe(first.policyNonce);
    expect(second.response.headers.get("content-type")).toBe(first.response.headers.get("content-type"));
    for (const header of ["x-frame-options", "x-content-type-options", "referrer-policy"]) expect(second.response.headers.get(header)).toBe(first.response.headers.get(header) ?? "missing");
    expect(second.html.split(second.policyNonce!).join("N")).toBe(first.html.split(first.policyNonce!).join("N"));

    // A new comment is on the very next page, and so is a status.
    await store.addComment({ shareId: share.id, versionNumber: 2, panelId: "panel-1", authorName: "Aiko", body: "Fresh note for the cache" });
    const after = await page();
    expect(after.response.headers.get("x-cache")).toBeNull();
    expect(after.html).toContain("Fresh note for the cache");
    expect((await page()).response.headers.get("x-cache")).toBe("hit");
    // Another version has its own page.
    expect((await page("?version=1")).html).toContain("Wide on the harbour");
  });

  it("answers a client-side navigation and an odd query through Next.js, never from the cache", async () => {
    await page();
    const navigation = await fetch(`${app.url}/review/${share.token}`, { headers: { rsc: "1" } });
    expect(navigation.headers.get("x-cache")).toBeNull();
    expect((await page("?version=2&x=1")).response.headers.get("x-cache")).toBeNull();
  });
});

describe("a link revoked, and a database that is down", () => {
  it("answers 404 as soon as the link is revoked, and 503 storage_unavailable while the database is down", async () => {
    const other = await store.createShare({ projectId: "p", projectName: "Other" });
    await store.publishVersion(other.share.id, { title: "Other", panels: [snapshotPanel("a", null)] }, new Map());
    expect((await fetch(`${app.url}/api/review/${other.token}`)).status).toBe(200);
    // Its page is cached by now, and still the revoke shows on the very next request.
    for (let i = 0; i < 2; i++) expect((await fetch(`${app.url}/review/${other.token}`)).status).toBe(200);
    await store.revokeShare(other.share.id);
    expect((await fetch(`${app.url}/api/review/${other.token}`)).status).toBe(404);
    expect((await fetch(`${app.url}/review/${other.token}`)).status).toBe(404);

    await database.kill();
    try {
      const down = await fetch(`${app.url}/api/review/${share.token}`);
      expect(down.status).toBe(503);
      expect(down.headers.get("retry-after")).toBe("5");
      expect((await down.json()).error).toBe("storage_unavailable");
      const page = await fetch(`${app.url}/review/${share.token}`);
      expect(page.headers.get("x-cache")).toBeNull();
      expect(await page.text()).toContain("Reviews are unavailable right now");
    } finally {
      await database.restart();
    }
    await until(async () => (await fetch(`${app.url}/api/review/${share.token}`)).status === 200, "the link to open again", 15_000);
  });
});
