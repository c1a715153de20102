import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryRateLimiter, windowFor } from "@/lib/proxy/rate-limit";
import { InMemorySpendLedger, nextUtcMidnight } from "@/lib/proxy/spend-ledger";

describe("memory rate limit", () => {
  afterEach(() => vi.useRealTimers());

  it("allows a burst, then refuses with a Retry-After until the window ends, per client", async () => {
    vi.useFakeTimers({ now: new Date("2026-12-01T12:00:00Z") });
    const limiter = new MemoryRateLimiter(3, 1);
    for (let i = 0; i < 3; i++) expect((await limiter.consume("a")).allowed).toBe(true);
    expect(await limiter.consume("a")).toEqual({ allowed: false, retryAfterSeconds: 3 });
    expect((await limiter.consume("b")).allowed).toBe(true);
    vi.advanceTimersByTime(3_001);
    expect((await limiter.consume("a")).allowed).toBe(true);
  });

  it("counts in the same windows as the Redis limiter", () => {
    expect(windowFor(200, 40)).toEqual({ points: 200, duration: 5 });
    expect(windowFor(5, 0.05)).toEqual({ points: 5, duration: 100 });
  });
});

describe("daily spend ledger", () => {
  let n = 0;
  const fresh = (cents: number, now: Date) => ({ key: `request:${++n}`, attempt: `attempt:${n}`, cents, now });

  it("charges until the cap, refuses past it with the reset time, and refunds", async () => {
    const ledger = new InMemorySpendLedger(100);
    const noon = new Date("2026-11-26T12:00:00Z");
    const first = fresh(60, noon);
    expect(await ledger.charge(first)).toEqual({ outcome: "charged", spentCents: 60 });
    const refused = await ledger.charge(fresh(45, noon));
    expect(refused).toEqual({ outcome: "over_cap", spentCents: 60, capCents: 100, resetsAt: new Date("2026-11-27T00:00:00Z") });
    await ledger.refund(first);
    expect(await ledger.charge(fresh(100, noon))).toEqual({ outcome: "charged", spentCents: 100 });
  });

  it("starts each UTC day from zero", async () => {
    const ledger = new InMemorySpendLedger(100);
    await ledger.charge(fresh(100, new Date("2026-11-26T23:59:00Z")));
    expect((await ledger.charge(fresh(10, new Date("2026-11-27T00:00:01Z")))).outcome).toBe("charged");
    expect(nextUtcMidnight(new Date("2026-12-31T08:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("refunds a charge once, only for the attempt that made it", async () => {
    const ledger = new InMemorySpendLedger(100);
    const now = new Date("2026-11-26T12:00:00Z");
    const charge = fresh(30, now);
    await ledger.charge(charge);
    await ledger.charge(fresh(20, now));
    await ledger.refund({ key: charge.key, attempt: "someone-else" });
    expect(await ledger.spentToday(now)).toBe(50);
    await ledger.refund(charge);
    await ledger.refund(charge);
    expect(await ledger.spentToday(now)).toBe(20);
  });

  it("charges one idempotency key once: in progress while pending, then replays the accepted answer", async () => {
    let at = Date.parse("2026-11-26T12:00:00Z");
    const ledger = new InMemorySpendLedger(100, { leaseMs: 5000 });
    const first = { key: "idempotent:k", attempt: "a1", cents: 30, now: new Date(at) };
    expect(await ledger.charge(first)).toEqual({ outcome: "charged", spentCents: 30 });
    expect(await ledger.charge({ ...first, attempt: "a2" })).toEqual({ outcome: "in_progress", retryAfterSeconds: 5 });
    const answer = { status: 200, contentType: "application/json", body: '{"request_id":"r1"}' };
    await ledger.accept(first, answer);
    expect(await ledger.charge({ ...first, attempt: "a3" })).toEqual({ outcome: "replay", response: answer });
    at += 60_000;
    expect(await ledger.spentToday(new Date(at))).toBe(30);
  });

  it("lets a retry take over a charge whose attempt never finished, without charging or refunding it again", async () => {
    let at = Date.parse("2026-11-26T12:00:00Z");
    const ledger = new InMemorySpendLedger(100, { leaseMs: 5000 });
    await ledger.charge({ key: "idempotent:k", attempt: "lost", cents: 30, now: new Date(at) });
    at += 6000;
    const retry = { key: "idempotent:k", attempt: "retry", cents: 30, now: new Date(at) };
    expect(await ledger.charge(retry)).toEqual({ outcome: "resumed" });
    await ledger.refund(retry);
    await ledger.refund({ key: "idempotent:k", attempt: "lost" });
    expect(await ledger.spentToday(new Date(at))).toBe(30);
  });
});
