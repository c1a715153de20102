import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { ConsumeOptions, RateDecision, RateLimiter } from "./rate-limit";
import type { RedisConnection } from "./redis-connection";
import { StoreUnavailableError } from "./store";

/**
 * One rate limit for every instance, counted in Redis by `rate-limiter-flexible`. It counts in
 * fixed windows: `burst` calls per `burst / perSecond` seconds, the same burst and average rate as
 * the in-memory token bucket. Keys: `castboard:rate:<client>`, expiring with their window.
 *
 * When Redis does not answer, spending calls are refused (`failClosed`) and every other call
 * (status, result, cancel, upload) is counted by `fallback`, this instance's own bucket, so
 * following generations in progress keeps working.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    private readonly connection: RedisConnection,
    burst: number,
    perSecond: number,
    private readonly fallback: RateLimiter,
  ) {
    const points = Math.max(1, Math.floor(burst));
    this.limiter = new RateLimiterRedis({
      storeClient: connection.client,
      keyPrefix: "castboard:rate",
      points,
      duration: Math.max(1, Math.round(points / perSecond)),
      // A client over its limit is refused here, without asking Redis, until its window ends.
      inMemoryBlockOnConsumed: points + 1,
      rejectIfRedisNotReady: true,
    });
  }

  async consume(clientKey: string, options: ConsumeOptions = {}): Promise<RateDecision> {
    try {
      await this.connection.ready();
      await this.limiter.consume(clientKey);
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
      }
      if (options.failClosed) throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(errorText(error));
      return this.fallback.consume(clientKey);
    }
  }
}

function errorText(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}
