import { describe, expect, it } from "vitest";
import { InMemoryTokenBucket } from "@/lib/proxy/rate-limit";
import { InMemorySpendLedger, nextUtcMidnight } from "@/lib/proxy/spend-ledger";

describe("token bucket rate limit", () => {
  it("allows a burst, then refuses with a Retry-After, then refills over time", async () => {
    let now = 0;
    const limiter = new InMemoryTokenBucket(3, 1, () => now);
    for (let i = 0; i < 3; i++) expect((await limiter.consume("a")).allowed).toBe(true);
    expect(await limiter.consume("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await limiter.consume("b")).allowed).toBe(true);
    now += 1000;
    expect((await limiter.consume("a")).allowed).toBe(true);
    expect((await limiter.consume("a")).allowed).toBe(false);
  });

  it("forgets idle clients so memory follows active ones", async () => {
    let now = 0;
    const limiter = new InMemoryTokenBucket(2, 1, () => now);
    for (let i = 0; i < 100; i++) await limiter.consume(`client-${i}`);
    expect(limiter.size).toBe(100);
    now += 120_000;
    await limiter.consume("late");
    expect(limiter.size).toBe(1);
  });
});

describe("daily spend ledger", () => {
  it("charges until the cap, refuses past it with the reset time, and refunds", async () => {
    const ledger = new InMemorySpendLedger(100);
    const noon = new Date("2026-11-26T12:00:00Z");
    expect(await ledger.charge(60, noon)).toEqual({ ok: true, spentCents: 60 });
    const refused = await ledger.charge(45, noon);
    expect(refused).toEqual({ ok: false, spentCents: 60, capCents: 100, resetsAt: new Date("2026-11-27T00:00:00Z") });
    await ledger.refund(60, noon);
    expect(await ledger.charge(100, noon)).toEqual({ ok: true, spentCents: 100 });
  });

  it("starts each UTC day from zero", async () => {
    const ledger = new InMemorySpendLedger(100);
    await ledger.charge(100, new Date("2026-11-26T23:59:00Z"));
    expect((await ledger.charge(10, new Date("2026-11-27T00:00:01Z"))).ok).toBe(true);
    expect(nextUtcMidnight(new Date("2026-12-31T08:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});
