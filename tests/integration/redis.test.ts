import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { IdeogramCharacterInput } from "@/lib/fal/schema";
import { spendKey } from "@/lib/proxy/redis-spend-ledger";
import { utcDayKey } from "@/lib/proxy/spend-ledger";
import { proxyFetch, TARGETS } from "../support/fal-client";
import { startApp, startEngine, startRedis, type RunningApp, type RunningRedis } from "../support/servers";

/**
 * Two production instances of the app share one Redis, in front of the standalone engine with a
 * key: one spend cap and one rate limit hold across both, retries are charged once, and a Redis
 * that dies mid-run refuses spending calls, keeps status and results working, and leaves the
 * ledger exact when it comes back.
 */
const KEY = "test-fal-key-redis-41c7";
const CAP_CENTS = 200;
const PRICE_CENTS = 10; // one TURBO image
const BURST = 6;
const ACCESS = "redis-team-token";
const SIGN_IN_FAILURES = 3;
const access = { "x-castboard-access-token": ACCESS };

let redis: RunningRedis;
let admin: Redis;
let engine: Awaited<ReturnType<typeof startEngine>>;
let apps: RunningApp[] = [];

const input = (prompt = "Ferris waves from a pier"): IdeogramCharacterInput => ({
  prompt,
  // The engine accepts the submit and fails the job at once: no drawing work for this test.
  reference_image_urls: ["https://x.test/a.png"],
  image_size: "square",
  rendering_speed: "TURBO",
  num_images: 1,
});

let clients = 0;
/** A caller of its own (`TRUST_PROXY=1` takes X-Forwarded-For), so only the test that wants it meets the rate limit. */
const newClient = () => `198.18.${Math.floor(++clients / 250)}.${clients % 250}`;

function submit(app: RunningApp, options: { client?: string; idempotencyKey?: string; body?: IdeogramCharacterInput } = {}) {
  return proxyFetch(app.url, TARGETS.submit, {
    headers: {
      ...access,
      "x-forwarded-for": options.client ?? newClient(),
      ...(options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {}),
    },
    body: JSON.stringify(options.body ?? input()),
  });
}

const ledgerCents = async () => Number((await admin.get(spendKey(utcDayKey(new Date())))) ?? 0);
const submitsReceived = () => engine.received.filter((r) => r.method === "POST" && r.path === "/queue.fal.run/fal-ai/ideogram/character").length;
const health = async (app: RunningApp) => (await fetch(`${app.url}/api/health`)).json();

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  [redis, engine] = await Promise.all([startRedis({ persistent: true }), startEngine({ key: KEY })]);
  admin = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  admin.on("error", () => undefined);
  const env = {
    FAL_KEY: KEY,
    FAL_UPSTREAM_URL: engine.url,
    REDIS_URL: redis.url,
    BUDGET_USD_PER_DAY: String(CAP_CENTS / 100),
    RATE_LIMIT_BURST: String(BURST),
    RATE_LIMIT_PER_SECOND: "0.05",
    TRUST_PROXY: "1",
    APP_ACCESS_TOKEN: ACCESS,
    SIGN_IN_MAX_FAILURES: String(SIGN_IN_FAILURES),
  };
  apps = await Promise.all([startApp(env), startApp(env)]);
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  admin?.disconnect();
  await Promise.all([redis?.stop(), engine?.close()]);
});
beforeEach(async () => {
  await until(async () => (await admin.ping().catch(() => "")) === "PONG", "redis");
  await admin.flushall();
});

describe("two instances on one Redis", () => {
  it("report the Redis store on /api/health", async () => {
    for (const app of apps) {
      expect(await health(app)).toEqual({
        ok: true,
        mode: "fal",
        version: expect.any(String),
        store: { kind: "redis", status: "ok", latency_ms: expect.any(Number) },
      });
    }
  });

  it("hold one daily spend cap under concurrent submits to both", async () => {
    const before = submitsReceived();
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => submit(apps[i % 2]!)));
    // On a loaded machine a Redis answer can take longer than REDIS_TIMEOUT_MS: that submit is
    // refused unspent (fail closed, 503), and a client sends it again, as this one does.
    for (const [i, response] of responses.entries()) {
      if (response.status !== 503) continue;
      expect((await response.json()).error).toBe("store_unavailable");
      responses[i] = await submit(apps[i % 2]!);
    }
    const statuses = responses.map((r) => r.status);
    const accepted = statuses.filter((s) => s === 200).length;
    expect(accepted).toBe(CAP_CENTS / PRICE_CENTS);
    expect(statuses.filter((s) => s === 402), `statuses: ${statuses.join(", ")}`).toHaveLength(30 - accepted);
    // The cap is one, not one each: 30 split over two instances with a cap of 20 each would all pass,
    // and now both instances refuse (which one accepted more in the burst is down to timing).
    for (const app of apps) expect((await submit(app)).status).toBe(402);
    const refusal = await responses.find((r) => r.status === 402)!.json();
    expect(refusal).toMatchObject({ error: "budget_exceeded", cap_usd: CAP_CENTS / 100, message: expect.stringMatching(/daily spend cap of \$2\.00/) });
    expect(await ledgerCents()).toBe(CAP_CENTS);
    expect(submitsReceived() - before).toBe(accepted);
  });

  it("share one rate limit: the burst is counted across both instances", async () => {
    const client = newClient();
    const upload = (app: RunningApp) =>
      proxyFetch(app.url, TARGETS.upload, {
        headers: { ...access, "x-forwarded-for": client },
        body: JSON.stringify({ content_type: "image/png", file_name: "a.png" }),
      });
    const responses = await Promise.all(Array.from({ length: 14 }, (_, i) => upload(apps[i % 2]!)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(BURST);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(14 - BURST);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await limited[0]!.json()).error).toBe("rate_limited");
    const spending = await submit(apps[0]!, { client });
    expect(spending.status).toBe(429);
    expect(await ledgerCents()).toBe(0);
  });

  it("share one sign-in lockout and one sign-out: guesses on one instance lock the address out on the other", async () => {
    const client = newClient();
    const guess = (app: RunningApp, token: string) =>
      proxyFetch(app.url, TARGETS.status("00000000-0000-0000-0000-000000000000"), { method: "GET", headers: { "x-forwarded-for": client, authorization: `Bearer ${token}` } });
    for (let i = 0; i < SIGN_IN_FAILURES; i++) expect((await guess(apps[i % 2]!, `wrong-${i}`)).status).toBe(401);
    for (const app of apps) {
      const locked = await guess(app, ACCESS);
      expect(locked.status).toBe(429);
      expect(await locked.json()).toMatchObject({ error: "rate_limited", message: expect.stringMatching(/Too many wrong access tokens/) });
    }
    const signIn = await fetch(`${apps[0]!.url}/api/session`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": newClient() },
      body: new URLSearchParams({ token: ACCESS }).toString(),
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const withCookie = (app: RunningApp) => proxyFetch(app.url, TARGETS.status("00000000-0000-0000-0000-000000000000"), { method: "GET", headers: { cookie, "x-forwarded-for": newClient() } });
    expect((await withCookie(apps[1]!)).status).toBe(404);
    expect((await fetch(`${apps[0]!.url}/api/session`, { method: "DELETE", headers: { cookie } })).status).toBe(204);
    expect((await withCookie(apps[1]!)).status).toBe(401);
  });

  it("charge a retried submit once: the same Idempotency-Key gets the first answer from either instance", async () => {
    const before = submitsReceived();
    const first = await submit(apps[0]!, { idempotencyKey: "panel-7-take-1" });
    expect(first.status).toBe(200);
    const { request_id } = await first.json();
    const retry = await submit(apps[1]!, { idempotencyKey: "panel-7-take-1" });
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect((await retry.json()).request_id).toBe(request_id);
    expect(await ledgerCents()).toBe(PRICE_CENTS);
    expect(submitsReceived() - before).toBe(1);

    // Two copies racing to both instances: one goes upstream, the other is told to wait or replayed.
    const raced = await Promise.all(apps.map((app) => submit(app, { idempotencyKey: "panel-8-take-1" })));
    const answers = await Promise.all(raced.map(async (r) => ({ status: r.status, body: await r.json() })));
    const fresh = answers.filter((a) => a.status === 200);
    expect(fresh.length).toBeGreaterThanOrEqual(1);
    for (const other of answers.filter((a) => a.status !== 200)) {
      expect(other).toMatchObject({ status: 409, body: { error: "request_in_progress" } });
    }
    expect(new Set(fresh.map((a) => a.body.request_id)).size).toBe(1);
    expect(await ledgerCents()).toBe(2 * PRICE_CENTS);
    expect(submitsReceived() - before).toBe(2);

    // The same key with other input is another request; a malformed key is refused.
    const other = await submit(apps[1]!, { idempotencyKey: "panel-7-take-1", body: input("Ferris at night") });
    expect(other.status).toBe(200);
    expect((await other.json()).request_id).not.toBe(request_id);
    expect(await ledgerCents()).toBe(3 * PRICE_CENTS);
    const malformed = await submit(apps[0]!, { idempotencyKey: "two words" });
    expect([malformed.status, (await malformed.json()).error]).toEqual([400, "bad_request"]);
    expect(await ledgerCents()).toBe(3 * PRICE_CENTS);
  });

  it("refuse spending calls when Redis dies mid-run, keep status and results working, and lose or double-count nothing", async () => {
    const before = submitsReceived();
    const first = await (await submit(apps[0]!)).json();
    // A run of submits to both instances, with Redis killed in the middle of it.
    const run: Promise<Response>[] = [];
    let killed: Promise<void> | undefined;
    for (let i = 0; i < 20; i++) {
      run.push(submit(apps[i % 2]!));
      if (i === 8) killed = redis.kill();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const responses = await Promise.all(run);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    const accepted = responses.filter((r) => r.status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    for (const [i, response] of responses.entries()) {
      if (response.status !== 200) expect([response.status, bodies[i].error]).toEqual([503, "store_unavailable"]);
    }

    // While it is down: a clear, quick refusal for spending calls; status and results still answer.
    await until(async () => (await health(apps[1]!)).store.status === "degraded", "degraded health");
    const started = Date.now();
    const refused = await submit(apps[1]!);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(await refused.json()).toMatchObject({ error: "store_unavailable", message: expect.stringMatching(/Redis\) is not answering.*Status and results still work/) });
    for (const app of apps) {
      const status = await proxyFetch(app.url, TARGETS.status(first.request_id), { method: "GET", headers: access });
      expect(status.status).toBe(200);
      expect((await status.json()).status).toBe("COMPLETED");
      const result = await proxyFetch(app.url, TARGETS.result(first.request_id), { method: "GET", headers: access });
      expect(result.status).toBe(422); // the engine could not fetch x.test: an answer, not a store error
      expect(await health(app)).toMatchObject({ ok: true, store: { kind: "redis", status: "degraded", error: expect.stringMatching(/not answering/) } });
    }

    // Back again: every accepted submit is in the ledger once, and nothing refused is.
    await killed;
    await redis.restart();
    for (const app of apps) await until(async () => (await health(app)).store.status === "ok", "healthy store");
    for (const app of apps) await until(async () => !(await health(app)).store.pending_writes, "held ledger writes");
    const upstream = submitsReceived() - before;
    expect(upstream).toBe(1 + accepted);
    expect(await ledgerCents()).toBe(upstream * PRICE_CENTS);
    for (const app of apps) expect((await submit(app)).status).toBe(200);
    expect(await ledgerCents()).toBe((upstream + 2) * PRICE_CENTS);
  });

  it("refuse spending calls within the Redis timeout when Redis hangs, and count nothing twice once it answers", async () => {
    const before = submitsReceived();
    const first = await (await submit(apps[0]!)).json();
    await redis.pause();
    try {
      const started = Date.now();
      const refused = await submit(apps[1]!);
      expect(Date.now() - started).toBeLessThan(2000);
      expect([refused.status, (await refused.json()).error]).toEqual([503, "store_unavailable"]);
      const status = await proxyFetch(apps[1]!.url, TARGETS.status(first.request_id), { method: "GET", headers: access });
      expect(status.status).toBe(200);
      expect((await health(apps[0]!)).store.status).toBe("degraded");
    } finally {
      await redis.resume();
    }
    for (const app of apps) await until(async () => (await health(app)).store.status === "ok" && !(await health(app)).store.pending_writes, "store back");
    expect(submitsReceived() - before).toBe(1);
    expect(await ledgerCents()).toBe(PRICE_CENTS);
  });
});
