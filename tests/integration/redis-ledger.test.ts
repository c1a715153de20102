import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryRateLimiter } from "@/lib/proxy/rate-limit";
import { RedisConnection } from "@/lib/proxy/redis-connection";
import { RedisRateLimiter } from "@/lib/proxy/redis-rate-limit";
import { chargeKey, RedisSpendLedger, spendKey } from "@/lib/proxy/redis-spend-ledger";
import { nextUtcMidnight, utcDayKey, type ChargeRequest } from "@/lib/proxy/spend-ledger";
import { StoreUnavailableError } from "@/lib/proxy/store";
import { startRedis, type RunningRedis } from "../support/servers";

/**
 * The Redis ledger and rate limiter in-process, against a real redis-server. Two connections
 * stand for two instances of the app.
 */
let redis: RunningRedis;
let admin: Redis;
const connections: RedisConnection[] = [];

function instance(capCents: number, options: { leaseMs?: number } = {}) {
  const connection = new RedisConnection(redis.url, { timeoutMs: 500 });
  connections.push(connection);
  return { connection, ledger: new RedisSpendLedger(connection, capCents, options) };
}

let n = 0;
const fresh = (cents: number): ChargeRequest => ({ key: `request:${++n}`, attempt: `attempt:${n}`, cents });
const today = () => spendKey(utcDayKey(new Date()));

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  redis = await startRedis({ persistent: true });
  admin = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  admin.on("error", () => undefined);
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  admin?.disconnect();
  await redis?.stop();
});
beforeEach(async () => {
  await until(async () => (await admin.ping().catch(() => "")) === "PONG", "redis");
  await admin.flushall();
});

describe("Redis spend ledger", () => {
  it("holds one cap across two instances under concurrent charges, exactly", async () => {
    const a = instance(100).ledger;
    const b = instance(100).ledger;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).charge(fresh(10))));
    expect(results.filter((r) => r.outcome === "charged")).toHaveLength(10);
    expect(results.filter((r) => r.outcome === "over_cap")).toHaveLength(30);
    expect(await a.spentToday()).toBe(100);
    expect(await b.spentToday()).toBe(100);
    const refused = results.find((r) => r.outcome === "over_cap");
    expect(refused).toMatchObject({ capCents: 100, spentCents: expect.any(Number), resetsAt: nextUtcMidnight(new Date()) });
  });

  it("keeps the day under castboard:spend:<YYYY-MM-DD>, expiring an hour after the UTC day ends", async () => {
    const { ledger } = instance(100);
    await ledger.charge(fresh(25));
    expect(await admin.get(today())).toBe("25");
    const expiresAt = await admin.expiretime(today());
    expect(expiresAt).toBe(nextUtcMidnight(new Date()).getTime() / 1000 + 3600);
    const chargeTtl = await admin.pttl(chargeKey(`request:${n}`));
    expect(chargeTtl).toBeGreaterThan(23 * 3_600_000);
  });

  it("refunds a charge once, and only for the attempt that holds it, from any instance", async () => {
    const a = instance(100).ledger;
    const b = instance(100).ledger;
    const charge = fresh(30);
    await a.charge(charge);
    await a.charge(fresh(20));
    await b.refund({ key: charge.key, attempt: "another-attempt" });
    expect(await a.spentToday()).toBe(50);
    await Promise.all([a.refund(charge), b.refund(charge), a.refund(charge)]);
    expect(await b.spentToday()).toBe(20);
  });

  it("charges an idempotency key once across instances and replays the accepted answer", async () => {
    const a = instance(100).ledger;
    const b = instance(100).ledger;
    const key = "idempotent:same";
    const raced = await Promise.all([a.charge({ key, attempt: "a", cents: 30 }), b.charge({ key, attempt: "b", cents: 30 })]);
    expect(raced.map((r) => r.outcome).sort()).toEqual(["charged", "in_progress"]);
    const winner = raced[0]!.outcome === "charged" ? "a" : "b";
    const answer = { status: 200, contentType: "application/json", body: '{"request_id":"r-1"}' };
    await (winner === "a" ? a : b).accept({ key, attempt: winner }, answer);
    expect(await b.charge({ key, attempt: "c", cents: 30 })).toEqual({ outcome: "replay", response: answer });
    expect(await a.spentToday()).toBe(30);
  });

  it("lets a retry take over a charge whose attempt never finished, without charging it again", async () => {
    const a = instance(100, { leaseMs: 200 }).ledger;
    const b = instance(100, { leaseMs: 200 }).ledger;
    await a.charge({ key: "idempotent:lost", attempt: "lost", cents: 30 });
    // Until the lost attempt's lease lapses a retry is told to wait (a read, nothing changes); then it takes over.
    let retried: Awaited<ReturnType<typeof b.charge>> | undefined;
    await until(async () => (retried = await b.charge({ key: "idempotent:lost", attempt: "retry", cents: 30 })).outcome !== "in_progress", "the lost attempt's lease to lapse");
    expect(retried).toEqual({ outcome: "resumed" });
    await a.refund({ key: "idempotent:lost", attempt: "lost" });
    expect(await b.spentToday()).toBe(30);
  });
});

describe("Redis rate limit", () => {
  it("shares one burst across instances", async () => {
    const limiters = [0, 1].map(() => {
      const { connection } = instance(100);
      return new RedisRateLimiter(connection, 5, 0.05, new MemoryRateLimiter(5, 0.05));
    });
    const decisions = await Promise.all(Array.from({ length: 12 }, (_, i) => limiters[i % 2]!.consume("203.0.113.7")));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused.retryAfterSeconds).toBeGreaterThan(50);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(100);
    expect((await limiters[0]!.consume("198.51.100.1")).allowed).toBe(true);
  });
});

describe("when Redis goes away", () => {
  it("refuses charges fast, falls back for calls that do not spend, holds refunds, and loses nothing", async () => {
    const { connection, ledger } = instance(100);
    const limiter = new RedisRateLimiter(connection, 50, 10, new MemoryRateLimiter(50, 10));
    const kept = fresh(40);
    const toRefund = fresh(25);
    await ledger.charge(kept);
    await ledger.charge(toRefund);
    expect(await ledger.spentToday()).toBe(65);

    await redis.kill();
    await until(async () => (await connection.health()).status === "degraded", "degraded health");
    expect(await connection.health()).toMatchObject({ kind: "redis", status: "degraded", error: expect.stringMatching(/not answering/) });

    let started = Date.now();
    await expect(ledger.charge(fresh(10))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(limiter.consume("client", { failClosed: true })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(500);
    started = Date.now();
    expect(await limiter.consume("client")).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(Date.now() - started).toBeLessThan(100);

    await ledger.refund(toRefund);
    await ledger.refund(toRefund);
    expect(ledger.heldWrites).toBe(2);
    expect((await connection.health()).pending_writes).toBe(2);

    await redis.restart();
    await until(async () => ledger.heldWrites === 0, "held refunds to be written");
    expect(await admin.get(today())).toBe("40");
    expect(await connection.health()).toMatchObject({ kind: "redis", status: "ok", latency_ms: expect.any(Number) });
    expect((await ledger.charge(fresh(60))).outcome).toBe("charged");
    expect((await ledger.charge(fresh(1))).outcome).toBe("over_cap");
  });

  it("takes back a charge whose answer never came when Redis hangs, once it answers again", async () => {
    const { connection, ledger } = instance(100);
    await ledger.charge(fresh(30));
    await redis.pause();
    try {
      const started = Date.now();
      await expect(ledger.charge(fresh(20))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(ledger.heldWrites).toBeGreaterThanOrEqual(1);
    } finally {
      await redis.resume();
    }
    await until(async () => ledger.heldWrites === 0, "the held refund to be written");
    expect(await admin.get(today())).toBe("30");
    expect((await connection.health()).status).toBe("ok");
  });
});
