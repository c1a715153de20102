import "server-only";
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Per-client rate limiting behind a small interface, counted by `rate-limiter-flexible` in both
 * set-ups: its memory limiter for one instance (here) and its Redis limiter for several
 * (`redis-rate-limit.ts`), with the same windows, so one machine and a team behave alike.
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

/**
 * `burst` calls per window of `burst / perSecond` seconds: the same burst and average rate as a
 * token bucket, in the fixed windows both of the library's limiters count in.
 */
export function windowFor(burst: number, perSecond: number): { points: number; duration: number } {
  const points = Math.max(1, Math.floor(burst));
  return { points, duration: Math.max(1, Math.round(points / perSecond)) };
}

export const refusedFor = (msBeforeNext: number): RateDecision => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
});

/** Consumes one point; the library rejects with a `RateLimiterRes` when the window is spent. */
export async function consumePoint(limiter: RateLimiterAbstract, key: string): Promise<RateDecision> {
  try {
    await limiter.consume(key);
    return { allowed: true, retryAfterSeconds: 0 };
  } catch (error) {
    if (error instanceof RateLimiterRes) return refusedFor(error.msBeforeNext);
    throw error;
  }
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(burst: number, perSecond: number, keyPrefix = "castboard:rate") {
    this.limiter = new RateLimiterMemory({ keyPrefix, ...windowFor(burst, perSecond) });
  }

  consume(clientKey: string): Promise<RateDecision> {
    return consumePoint(this.limiter, clientKey);
  }
}
