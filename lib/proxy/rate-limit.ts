/**
 * Per-client rate limiting behind a small interface. The in-memory token bucket serves one
 * instance; several instances share one limit in Redis (`redis-rate-limit.ts`).
 */
export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one more call would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export interface ConsumeOptions {
  /**
   * A call that spends: when the shared store does not answer, refuse it (`StoreUnavailableError`)
   * rather than count it in this instance alone. Other calls fall back to a per-instance limit.
   */
  failClosed?: boolean;
}

export interface RateLimiter {
  consume(clientKey: string, options?: ConsumeOptions): Promise<RateDecision>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class InMemoryTokenBucket implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = 0;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  async consume(clientKey: string): Promise<RateDecision> {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(clientKey) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond);
    bucket.updatedAt = now;
    this.buckets.set(clientKey, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)) };
  }

  /** Forgets buckets that have refilled, so memory tracks active clients, not every client ever seen. */
  private sweep(now: number): void {
    if (now < this.sweepAt) return;
    this.sweepAt = now + 60_000;
    const fullAfterMs = (this.burst / this.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt > fullAfterMs) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
