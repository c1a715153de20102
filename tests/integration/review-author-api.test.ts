import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { board, panelImage, snapshotPanel } from "../support/review-fixtures";
import { publishOverHttp } from "../support/review-http";
import { startApp, type RunningApp } from "../support/servers";

/**
 * The author's routes on the built app with its defaults (embedded PGlite, images on the
 * filesystem) and an access token set: publishing and the author's views need it, the review
 * link's own routes do not.
 */
const ACCESS = "team-access-token-for-reviews-5678";
const asAuthor = { "x-castboard-access-token": ACCESS };
let app: RunningApp;

const send = (path: string, init: RequestInit & { json?: unknown } = {}, headers: Record<string, string> = asAuthor) =>
  fetch(`${app.url}${path}`, {
    ...init,
    headers: { ...headers, ...(init.json !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
/** Sends only the headers of a body that large and waits for the answer (nothing is written, so nothing races it). */
const declaredOnly = (path: string, length: number, headers: Record<string, string>) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(`${app.url}${path}`, { method: "PUT", headers: { ...headers, "content-length": String(length) } }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.flushHeaders();
  });
const errorOf = async (response: Response) => ((await response.json()) as { error: string; message: string; missing?: string[] });

beforeAll(async () => {
  app = await startApp({ APP_ACCESS_TOKEN: ACCESS });
});
afterAll(async () => {
  await app?.stop();
});

describe("the author's routes", () => {
  it("refuse every caller without the app's access token, while a review link needs none", async () => {
    const { snapshot, images } = await board(2);
    const published = await publishOverHttp(app.url, { projectId: "p-auth", snapshot, images }, asAuthor);
    const id = "00000000-0000-4000-8000-000000000000";
    const hash = images[0]!.hash;
    const attempts: [string, RequestInit & { json?: unknown }][] = [
      ["/api/reviews", { method: "POST", json: { projectId: "p", projectName: "x", expiresInDays: null } }],
      ["/api/reviews?projectId=p-auth", { method: "GET" }],
      [`/api/reviews/${published.shareId}`, { method: "GET" }],
      [`/api/reviews/${published.shareId}`, { method: "DELETE" }],
      ["/api/reviews/images", { method: "POST", json: { hashes: [hash] } }],
      [`/api/reviews/images/${hash}`, { method: "PUT", body: Buffer.from(images[0]!.bytes), headers: { "content-type": "image/png" } }],
      [`/api/reviews/${published.shareId}/versions`, { method: "POST", json: { snapshot } }],
      [`/api/reviews/${published.shareId}/comments/${id}`, { method: "POST", json: { name: "A", body: "b" } }],
      [`/api/reviews/${published.shareId}/comments/${id}`, { method: "PATCH", json: { resolved: true } }],
    ];
    for (const [path, init] of attempts) {
      const refused = await send(path, init, {});
      expect(refused.status, `${init.method} ${path}`).toBe(401);
      expect((await errorOf(refused)).error).toBe("unauthorized");
    }
    expect((await send(`/api/review/${published.token}`, {}, {})).status).toBe(200);
    // Nothing was changed by the refused calls: still one version, the link still open.
    const detail = await (await send(`/api/reviews/${published.shareId}`)).json();
    expect(detail.versions).toHaveLength(1);
    expect(detail.revokedAt).toBeNull();
  });

  it("publishes a board whose link opens its panels and serves its images byte for byte, and only its own", async () => {
    const { snapshot, images } = await board(3, 40);
    const published = await publishOverHttp(app.url, { projectId: "p-publish", snapshot, images }, asAuthor);
    expect(published).toMatchObject({ number: 1, path: `/review/${published.token}` });
    const review = await (await send(`/api/review/${published.token}`, {}, {})).json();
    expect(review.version.snapshot.panels.map((p: { caption: string }) => p.caption)).toEqual(["Shot 1", "Shot 2", "Shot 3"]);
    const served = await send(`/api/review/${published.token}/images/${images[1]!.hash}`, {}, {});
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(images[1]!.bytes))).toBe(true);
    // Served ahead of Next.js (the socket's fast path), with the headers every response carries and its own cache rules.
    expect(Object.fromEntries(["x-content-type-options", "referrer-policy", "x-frame-options", "cache-control", "content-length"].map((h) => [h, served.headers.get(h)]))).toEqual({
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
      "x-frame-options": "DENY",
      "cache-control": "private, max-age=86400, immutable",
      "content-length": String(images[1]!.bytes.byteLength),
    });
    const head = await send(`/api/review/${published.token}/images/${images[1]!.hash}`, { method: "HEAD" }, {});
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(images[1]!.bytes.byteLength));

    // An image another board shows is not reachable through this link, nor is a made-up hash.
    const other = await board(1, 90);
    await publishOverHttp(app.url, { projectId: "p-other", snapshot: other.snapshot, images: other.images }, asAuthor);
    expect((await send(`/api/review/${published.token}/images/${other.images[0]!.hash}`, {}, {})).status).toBe(404);
    expect((await send(`/api/review/${published.token}/images/${"0".repeat(64)}`, {}, {})).status).toBe(404);
    expect((await send(`/api/review/${published.token}/images/..%2F..%2Fetc`, {}, {})).status).toBe(404);
    // Every refusal is the route's own answer, with its message.
    const refused = await send(`/api/review/${published.token}/images/${other.images[0]!.hash}`, {}, {});
    expect(await refused.json()).toMatchObject({ error: "not_found", message: "This image is not part of this review." });
    expect(await (await send(`/api/review/${"A".repeat(43)}/images/${images[1]!.hash}`, {}, {})).json()).toMatchObject({ error: "not_found" });
  });

  it("uploads only what changed when the board is published again, as version 2 under the same link", async () => {
    const { snapshot, images } = await board(4, 120);
    const first = await publishOverHttp(app.url, { projectId: "p-again", snapshot, images }, asAuthor);
    const changed = await panelImage(200);
    const panels = snapshot.panels.map((panel, i) => (i === 2 ? snapshotPanel(panel.id, changed, "Changed") : panel));
    const { missing } = await (await send("/api/reviews/images", { method: "POST", json: { hashes: [...images.map((i) => i.hash), changed.hash] } })).json();
    expect(missing).toEqual([changed.hash]);
    const second = await publishOverHttp(app.url, { projectId: "p-again", shareId: first.shareId, snapshot: { ...snapshot, panels }, images: [...images, changed] }, asAuthor);
    expect(second.number).toBe(2);
    const review = await (await send(`/api/review/${first.token}`, {}, {})).json();
    expect(review.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect(review.version.snapshot.panels[2].caption).toBe("Changed");
    // The same bytes put again are already there: 200, not 201.
    const again = await send(`/api/reviews/images/${changed.hash}`, { method: "PUT", body: Buffer.from(changed.bytes), headers: { "content-type": "image/png" } });
    expect(again.status).toBe(200);
  });

  it("refuses images that are not what they say, and snapshots that are incomplete or too large", async () => {
    const image = await panelImage(7);
    const put = (hash: string, body: Uint8Array, type: string) => send(`/api/reviews/images/${hash}`, { method: "PUT", body: Buffer.from(body), headers: { "content-type": type } });
    const wrongHash = await put((await panelImage(8)).hash, image.bytes, "image/png");
    expect(wrongHash.status).toBe(422);
    expect((await errorOf(wrongHash)).message).toMatch(/do not match its hash/);
    expect((await put(image.hash, image.bytes, "image/jpeg")).status).toBe(415);
    expect((await put(image.hash, image.bytes, "text/html")).status).toBe(415);
    expect((await put("not-a-hash", image.bytes, "image/png")).status).toBe(400);
    // Refused from its declared length, before a byte of it is read.
    const huge = await declaredOnly(`/api/reviews/images/${image.hash}`, 21_000_000, { "content-type": "image/png", ...asAuthor });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatch(/larger than 20 MB.*display size/);

    const created = await (await send("/api/reviews", { method: "POST", json: { projectId: "p-refuse", projectName: "Refusals", expiresInDays: 7 } })).json();
    expect(new Date(created.share.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const publish = (snapshot: unknown) => send(`/api/reviews/${created.share.id}/versions`, { method: "POST", json: { snapshot } });
    const notUploaded = await publish({ title: "Refusals", panels: [snapshotPanel("a", image)] });
    expect(notUploaded.status).toBe(422);
    expect((await errorOf(notUploaded)).missing).toEqual([image.hash]);
    const tooMany = await publish({ title: "Big", panels: Array.from({ length: 501 }, (_, i) => snapshotPanel(`p${i}`, null)) });
    expect(tooMany.status).toBe(413);
    expect(await errorOf(tooMany)).toMatchObject({ error: "snapshot_too_large", message: expect.stringMatching(/at most 500 panels; this board has 501/) });
    expect((await send(`/api/reviews/${created.share.id}/versions`, { method: "POST", body: "{oops", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await send("/api/reviews/00000000-0000-4000-8000-000000000000/versions", { method: "POST", json: { snapshot: { title: "x", panels: [] } } })).status).toBe(404);
    expect((await send("/api/reviews/not-a-uuid", {})).status).toBe(404);
    expect((await send("/api/reviews", { method: "POST", json: { projectId: "", projectName: "x", expiresInDays: 0 } })).status).toBe(422);
    expect((await send("/api/reviews?projectId=p&since=yesterday", {})).status).toBe(400);
  });
});

describe("what reviewers say, seen by the author", () => {
  it("shows comments, statuses and verdicts; the author replies and resolves; new comments counted since the last look", async () => {
    const { snapshot, images } = await board(2, 300);
    const published = await publishOverHttp(app.url, { projectId: "p-talk", snapshot, images }, asAuthor);
    const link = `/api/review/${published.token}`;
    const before = new Date().toISOString();
    const posted = await (await send(`${link}/comments`, { method: "POST", json: { version: 1, panelId: "panel-2", name: "Ines", body: "Warmer light" } }, {})).json();
    expect((await send(`${link}/statuses`, { method: "PUT", json: { version: 1, panelId: "panel-1", name: "Ines", status: "approved" } }, {})).status).toBe(204);
    expect((await send(`${link}/statuses`, { method: "PUT", json: { version: 1, panelId: "panel-2", name: "Ines", status: "changes_requested" } }, {})).status).toBe(204);
    expect((await send(`${link}/verdict`, { method: "PUT", json: { version: 1, name: "Ines", verdict: "changes_requested" } }, {})).status).toBe(204);
    expect((await send(`${link}/statuses`, { method: "PUT", json: { version: 1, panelId: "panel-9", name: "Ines", status: "approved" } }, {})).status).toBe(404);
    expect((await send(`${link}/statuses`, { method: "PUT", json: { version: 1, panelId: "panel-1", name: "Ines", status: "maybe" } }, {})).status).toBe(422);
    expect((await send(`${link}/verdict`, { method: "PUT", json: { version: 3, name: "Ines", verdict: "approved" } }, {})).status).toBe(404);

    const [listed] = (await (await send(`/api/reviews?projectId=p-talk&since=${encodeURIComponent(before)}`)).json()).shares;
    expect(listed).toMatchObject({ id: published.shareId, newComments: 1, verdicts: [{ reviewerName: "Ines", verdict: "changes_requested" }] });
    expect(listed.statuses.map((s: { panelId: string; status: string }) => `${s.panelId}:${s.status}`).sort()).toEqual(["panel-1:approved", "panel-2:changes_requested"]);

    const reply = await send(`/api/reviews/${published.shareId}/comments/${posted.id}`, { method: "POST", json: { name: "Sam (author)", body: "Will do in v2" } });
    expect(reply.status).toBe(201);
    expect(await reply.json()).toMatchObject({ parentId: posted.id, fromAuthor: true, panelId: "panel-2" });
    expect((await send(`/api/reviews/${published.shareId}/comments/${posted.id}`, { method: "PATCH", json: { resolved: true } })).status).toBe(200);
    const detail = await (await send(`/api/reviews/${published.shareId}`)).json();
    expect(detail.comments).toMatchObject([
      { id: posted.id, resolvedAt: expect.any(String), fromAuthor: false },
      { parentId: posted.id, body: "Will do in v2", fromAuthor: true },
    ]);
    // The reviewer sees the reply in the thread; replies do not count as new comments for the author.
    expect((await (await send(link, {}, {})).json()).comments).toHaveLength(2);
    expect((await (await send(`/api/reviews?projectId=p-talk&since=${encodeURIComponent(before)}`)).json()).shares[0].newComments).toBe(1);

    // A comment of another share cannot be answered or resolved through this one.
    const other = await publishOverHttp(app.url, { projectId: "p-talk", snapshot, images }, asAuthor);
    expect((await send(`/api/reviews/${other.shareId}/comments/${posted.id}`, { method: "PATCH", json: { resolved: false } })).status).toBe(404);
    expect((await send(`/api/reviews/${other.shareId}/comments/${posted.id}`, { method: "POST", json: { name: "Sam", body: "x" } })).status).toBe(404);
    const tooLong = await send(`/api/reviews/${published.shareId}/comments/${posted.id}`, { method: "POST", json: { name: "Sam", body: "x".repeat(2001) } });
    expect((await errorOf(tooLong)).error).toBe("comment_too_long");
  });

  it("revokes a link: the board, its images and its comment route answer 404 at once", async () => {
    const { snapshot, images } = await board(1, 400);
    const published = await publishOverHttp(app.url, { projectId: "p-revoke", snapshot, images }, asAuthor);
    const link = `/api/review/${published.token}`;
    expect((await send(link, {}, {})).status).toBe(200);
    expect((await send(`/api/reviews/${published.shareId}`, { method: "DELETE" })).status).toBe(204);
    expect((await send(link, {}, {})).status).toBe(404);
    expect((await send(`${link}/images/${images[0]!.hash}`, {}, {})).status).toBe(404);
    expect((await send(`${link}/comments`, { method: "POST", json: { version: 1, panelId: "panel-1", name: "I", body: "late" } }, {})).status).toBe(404);
    const republish = await send(`/api/reviews/${published.shareId}/versions`, { method: "POST", json: { snapshot } });
    expect(republish.status).toBe(404);
    expect((await errorOf(republish)).message).toMatch(/revoked/);
  });
});
