import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdeogramCharacterInput } from "@/lib/fal/schema";
import { ellipseMask, sceneImage } from "../support/direct-fixtures";
import { proxiedClient, proxyFetch, recordingFetch, TARGETS } from "../support/fal-client";
import { freePort, startApp, startEngine, startHangingServer, type RunningApp } from "../support/servers";

const KEY = "test-fal-key-5f2c9e";
const ACCESS = "let-me-in-7731";
const mascot = readFileSync("tests/fixtures/mascot-reference.jpg");
const input = (reference: string, extra: Partial<IdeogramCharacterInput> = {}): IdeogramCharacterInput => ({
  prompt: "Ferris waves from a pier",
  reference_image_urls: [reference],
  image_size: "square",
  ...extra,
});

let engine: Awaited<ReturnType<typeof startEngine>>;
let hanging: Awaited<ReturnType<typeof startHangingServer>>;
let fal: RunningApp;
let budget: RunningApp;
let limited: RunningApp;
let dead: RunningApp;
let slow: RunningApp;
let directBudget: RunningApp;
const access = { "x-castboard-access-token": ACCESS };

beforeAll(async () => {
  engine = await startEngine({ key: KEY });
  hanging = await startHangingServer();
  const upstream = { FAL_KEY: KEY, FAL_UPSTREAM_URL: engine.url };
  [fal, budget, limited, dead, slow, directBudget] = await Promise.all([
    startApp({ ...upstream, APP_ACCESS_TOKEN: ACCESS, ALLOW_USER_KEYS: "1" }),
    startApp({ ...upstream, BUDGET_USD_PER_DAY: "0.50" }),
    startApp({ ...upstream, RATE_LIMIT_BURST: "3", RATE_LIMIT_PER_SECOND: "0.1" }),
    freePort().then((port) => startApp({ FAL_KEY: KEY, FAL_UPSTREAM_URL: `http://127.0.0.1:${port}` })),
    startApp({ FAL_KEY: KEY, FAL_UPSTREAM_URL: hanging.url, PROXY_TIMEOUT_MS: "1500" }),
    startApp({ ...upstream, BUDGET_USD_PER_DAY: "1.00" }),
  ]);
});
afterAll(async () => {
  await Promise.all([fal, budget, limited, dead, slow, directBudget].map((app) => app?.stop()));
  await engine?.close();
  await hanging?.close();
});

/** Runs `refusal` and proves nothing reached the upstream engine meanwhile. */
async function neverReachesUpstream(refusal: () => Promise<void>) {
  const before = engine.received.length;
  await refusal();
  expect(engine.received.slice(before)).toEqual([]);
}

describe("fal mode: FAL_KEY set, FAL_UPSTREAM_URL pointing at the standalone engine", () => {
  it("reports fal mode on /api/health", async () => {
    expect(await (await fetch(`${budget.url}/api/health`)).json()).toMatchObject({ ok: true, mode: "fal" });
  });

  it("uploads, submits, follows, fetches and cancels with the server's key on every upstream call", async () => {
    const recorder = recordingFetch();
    const client = proxiedClient(fal.url, access, recorder.fetch);
    const before = engine.received.length;
    const reference = await client.storage.upload(new Blob([mascot], { type: "image/jpeg" }));
    expect(reference.startsWith(`${engine.url}/files/`)).toBe(true);
    const { request_id } = await client.queue.submit("fal-ai/ideogram/character", { input: input(reference, { num_images: 2 }) });
    await client.queue.subscribeToStatus("fal-ai/ideogram/character", { requestId: request_id, logs: true, pollInterval: 50 });
    const result = await client.queue.result("fal-ai/ideogram/character", { requestId: request_id });
    expect(result.data.images).toHaveLength(2);
    const second = await client.queue.submit("fal-ai/ideogram/character", { input: input(reference) });
    await client.queue.cancel("fal-ai/ideogram/character", { requestId: second.request_id }).catch(() => undefined);

    const upstreamCalls = engine.received.slice(before).filter((r) => !r.path.startsWith("/files/"));
    expect(upstreamCalls.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        "/rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3",
        "/queue.fal.run/fal-ai/ideogram/character",
        `/queue.fal.run/fal-ai/ideogram/requests/${request_id}/status?logs=1`,
        `/queue.fal.run/fal-ai/ideogram/requests/${request_id}`,
        `/queue.fal.run/fal-ai/ideogram/requests/${second.request_id}/cancel`,
      ]),
    );
    expect(new Set(upstreamCalls.map((r) => r.authorization))).toEqual(new Set([`Key ${KEY}`]));
    expect(recorder.seen.length).toBeGreaterThan(4);
    for (const response of recorder.seen) expect(response).not.toContain(KEY);
  });

  it("never uses the caller's Authorization header as the key", async () => {
    const before = engine.received.length;
    const response = await proxyFetch(fal.url, TARGETS.upload, {
      headers: { ...access, authorization: "Key attacker-key" },
      body: JSON.stringify({ content_type: "image/png", file_name: "a.png" }),
    });
    expect(response.status).toBe(200);
    expect(engine.received.slice(before).map((r) => r.authorization)).toEqual([`Key ${KEY}`]);
  });

  it("uses a pasted user key only when ALLOW_USER_KEYS=1, from its own header", async () => {
    const body = JSON.stringify({ content_type: "image/png", file_name: "a.png" });
    let before = engine.received.length;
    const own = await proxyFetch(fal.url, TARGETS.upload, { headers: { ...access, "x-castboard-user-key": "user-own-key" }, body });
    expect(own.status).toBe(401);
    expect(engine.received.slice(before).map((r) => r.authorization)).toEqual(["Key user-own-key"]);
    before = engine.received.length;
    const ignored = await proxyFetch(budget.url, TARGETS.upload, { headers: { "x-castboard-user-key": "user-own-key" }, body });
    expect(ignored.status).toBe(200);
    expect(engine.received.slice(before).map((r) => r.authorization)).toEqual([`Key ${KEY}`]);
  });

  it("requires the access token when APP_ACCESS_TOKEN is set: bearer, header or sign-in cookie", async () => {
    const body = JSON.stringify({ content_type: "image/png", file_name: "a.png" });
    await neverReachesUpstream(async () => {
      const anonymous = await proxyFetch(fal.url, TARGETS.upload, { body });
      expect([anonymous.status, (await anonymous.json()).error]).toEqual([401, "unauthorized"]);
      const wrong = await proxyFetch(fal.url, TARGETS.upload, { headers: { authorization: "Bearer nope" }, body });
      expect(wrong.status).toBe(401);
    });
    const bearer = await proxyFetch(fal.url, TARGETS.upload, { headers: { authorization: `Bearer ${ACCESS}` }, body });
    expect(bearer.status).toBe(200);
    const signIn = await fetch(`${fal.url}/api/session`, { method: "POST", body: new URLSearchParams({ token: ACCESS }), redirect: "manual" });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).not.toContain(ACCESS);
    const withCookie = await proxyFetch(fal.url, TARGETS.upload, { headers: { cookie }, body });
    expect(withCookie.status).toBe(200);
    const page = await fetch(`${fal.url}/`, { redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/sign-in$/);
  });

  it("refuses other endpoints, other hosts, invalid input and oversized bodies without reaching upstream", async () => {
    await neverReachesUpstream(async () => {
      const other = await proxyFetch(budget.url, "https://queue.fal.run/fal-ai/flux-pro/v1.1", { body: JSON.stringify({ prompt: "x" }) });
      expect(other.status).toBe(403);
      const host = await proxyFetch(budget.url, "https://evil.example/fal-ai/ideogram/character", { body: "{}" });
      expect(host.status).toBe(403);
      const invalid = await proxyFetch(budget.url, TARGETS.submit, { body: JSON.stringify({ prompt: "x", reference_image_urls: [], style_codes: ["zz"] }) });
      expect(invalid.status).toBe(422);
      const detail = (await invalid.json()).detail as { loc: string[] }[];
      expect(detail.map((d) => d.loc.join("."))).toEqual(["body.reference_image_urls", "body.style_codes.0"]);
      const huge = await proxyFetch(budget.url, TARGETS.submit, { body: "x".repeat(1024 * 1024 + 1) });
      expect(huge.status).toBe(413);
    });
  });

  it("holds the daily spend cap, counted from accepted submits, and says when it resets", async () => {
    const client = proxiedClient(budget.url);
    const reference = await client.storage.upload(new Blob([mascot], { type: "image/jpeg" }));
    await client.queue.submit("fal-ai/ideogram/character", { input: input(reference, { num_images: 2, rendering_speed: "QUALITY" }) });
    await neverReachesUpstream(async () => {
      const refused = await proxyFetch(budget.url, TARGETS.submit, { body: JSON.stringify(input(reference)) });
      expect(refused.status).toBe(402);
      const body = await refused.json();
      expect(body.error).toBe("budget_exceeded");
      expect(body.message).toMatch(/daily spend cap of \$0\.50.*resets at 00:00 UTC/);
      expect(body.resets_at).toMatch(/T00:00:00\.000Z$/);
    });
    const cheaper = await proxyFetch(budget.url, TARGETS.submit, { body: JSON.stringify(input(reference, { rendering_speed: "TURBO" })) });
    expect(cheaper.status).toBe(200);
  });

  it("charges edit and remix submits at their prices, and keeps an Idempotency-Key's charge per endpoint", async () => {
    const client = proxiedClient(directBudget.url);
    const upload = async (bytes: Uint8Array, type: string) => client.storage.upload(new Blob([new Uint8Array(bytes)], { type }));
    const reference = await upload(mascot, "image/jpeg");
    const image = await upload(await sceneImage(320, 240).png().toBuffer(), "image/png");
    const mask = await upload(await ellipseMask(320, 240).png().toBuffer(), "image/png");
    const edit = (extra: Record<string, unknown> = {}) => ({ prompt: "Ferris", image_url: image, mask_url: mask, reference_image_urls: [reference], ...extra });
    const remix = (extra: Record<string, unknown> = {}) => ({ prompt: "Ferris", image_url: image, reference_image_urls: [reference], image_size: "square", ...extra });
    const submit = (target: string, body: unknown, key?: string) =>
      proxyFetch(directBudget.url, target, { headers: key ? { "idempotency-key": key } : {}, body: JSON.stringify(body) });
    const received = () => engine.received.filter((r) => r.method === "POST" && /\/character\/(edit|remix)$/.test(r.path)).map((r) => r.path);
    const before = received().length;

    expect((await submit(TARGETS.edit, edit({ num_images: 2, rendering_speed: "QUALITY" }))).status).toBe(200);
    expect((await submit(TARGETS.remix, remix({ num_images: 2, rendering_speed: "QUALITY" }))).status).toBe(200);
    expect(received().slice(before)).toEqual(["/queue.fal.run/fal-ai/ideogram/character/edit", "/queue.fal.run/fal-ai/ideogram/character/remix"]);
    await neverReachesUpstream(async () => {
      const refused = await submit(TARGETS.remix, remix({ num_images: 2, rendering_speed: "BALANCED" }));
      expect(refused.status).toBe(402);
      // 2 x 20 cents for each: both were charged.
      expect(await refused.json()).toMatchObject({ error: "budget_exceeded", spent_usd: 0.8, message: expect.stringContaining("this request costs $0.30") });
      const invalid = await submit(TARGETS.edit, edit({ style: "AUTO" }));
      expect(invalid.status).toBe(422);
    });

    // One key, two endpoints: two requests and two charges. A retry of either is replayed, not charged.
    const character = await submit(TARGETS.submit, input(reference, { rendering_speed: "TURBO" }), "take-1");
    const edited = await submit(TARGETS.edit, edit({ rendering_speed: "TURBO" }), "take-1");
    expect([character.status, edited.status]).toEqual([200, 200]);
    expect(edited.headers.get("idempotent-replayed")).toBeNull();
    const [first, second] = [await character.json(), await edited.json()];
    expect(second.request_id).not.toBe(first.request_id);
    const retried = await submit(TARGETS.edit, edit({ rendering_speed: "TURBO" }), "take-1");
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect((await retried.json()).request_id).toBe(second.request_id);
    const full = await submit(TARGETS.submit, input(reference, { rendering_speed: "TURBO" }));
    expect(full.status).toBe(402);
    expect((await full.json()).spent_usd).toBe(1);
  });

  it("rate-limits each client with 429 and Retry-After, even when it forges X-Forwarded-For", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const response = await proxyFetch(limited.url, "https://queue.fal.run/fal-ai/flux/dev", {
        headers: { "x-forwarded-for": `203.0.113.${i}` },
        body: "{}",
      });
      statuses.push(response.status);
      retryAfter ??= response.headers.get("retry-after");
    }
    expect(statuses).toEqual([403, 403, 403, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it("turns a dead upstream into a clear 503 and a hung one into a 504 within the timeout", async () => {
    const deadResponse = await proxyFetch(dead.url, TARGETS.submit, { body: JSON.stringify(input("https://x.test/a.png")) });
    expect(deadResponse.status).toBe(503);
    expect(await deadResponse.json()).toMatchObject({ error: "upstream_unavailable", message: expect.stringMatching(/Could not reach/) });
    const started = Date.now();
    const hung = await proxyFetch(slow.url, TARGETS.submit, { body: JSON.stringify(input("https://x.test/a.png")) });
    expect(hung.status).toBe(504);
    expect(await hung.json()).toMatchObject({ error: "upstream_timeout", message: expect.stringMatching(/did not answer within 2 s/) });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await fetch(`${slow.url}/api/health`)).ok).toBe(true);
  });

  it("keeps the key out of the page and its JavaScript", async () => {
    const html = await (await fetch(`${budget.url}/`)).text();
    const scripts = [...html.matchAll(/src="(\/_next\/static\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const bodies = await Promise.all(scripts.map(async (src) => (await fetch(`${budget.url}${src}`)).text()));
    for (const text of [html, ...bodies]) expect(text).not.toContain(KEY);
  });
});
