import "server-only";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { refusedFor, windowFor, type ConsumeOptions, type RateDecision, type RateLimiter } from "./rate-limit";
import type { RedisConnection } from "./redis-connection";
import { StoreUnavailableError } from "./store";

/**
 * One rate limit for every instance, counted in Redis by `rate-limiter-flexible` in the same
 * windows as the memory limiter. Keys: `castboard:rate:<client>`, expiring with their window.
 *
 * When Redis does not answer, spending calls are refused (`failClosed`) and every other call
 * (status, result, cancel, upload) is counted by `fallback`, this instance's own limiter, so
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
    const window = windowFor(burst, perSecond);
    this.limiter = new RateLimiterRedis({
      storeClient: connection.client,
      keyPrefix: "castboard:rate",
      ...window,
      // A client over its limit is refused here, without asking Redis, until its window ends.
      inMemoryBlockOnConsumed: window.points + 1,
      rejectIfRedisNotReady: true,
    });
  }

  async consume(clientKey: string, options: ConsumeOptions = {}): Promise<RateDecision> {
    try {
      await this.connection.ready();
      await this.limiter.consume(clientKey);
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (error) {
      if (error instanceof RateLimiterRes) return refusedFor(error.msBeforeNext);
      if (options.failClosed) throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(errorText(error));
      return this.fallback.consume(clientKey);
    }
  }
}

function errorText(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}
