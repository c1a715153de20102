import "server-only";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../errors";
import type { RedisConnection } from "../proxy/redis-connection";
import { presentedAccess } from "./access";
import type { ServerConfig } from "./config";

/**
 * Failed sign-ins per client (wrong tokens, forged session cookies), counted by
 * `rate-limiter-flexible` in memory or, with `REDIS_URL`, in Redis for every instance (falling back
 * to memory while Redis is away). Past `SIGN_IN_MAX_FAILURES` in `SIGN_IN_WINDOW_MINUTES` the client
 * is locked out for the rest of the window, a right token included, so guessing gets nowhere.
 * Signed-out sessions are kept as revoked until they would have expired.
 */
export class SignInGuard {
  private readonly failures: RateLimiterAbstract;
  private readonly maxFailures: number;
  private readonly revokedHere = new Map<string, number>();

  constructor(
    config: ServerConfig,
    private readonly redis?: RedisConnection,
  ) {
    this.maxFailures = config.session.maxFailures;
    const window = { keyPrefix: "castboard:signin", points: this.maxFailures, duration: Math.ceil(config.session.failureWindowMs / 1000) };
    const memory = new RateLimiterMemory(window);
    this.failures = redis
      ? new RateLimiterRedis({ ...window, storeClient: redis.client, rejectIfRedisNotReady: true, insuranceLimiter: memory })
      : memory;
  }

  /** Seconds until the client may try again; 0 when it is not locked out. */
  async lockedFor(client: string): Promise<number> {
    const state = await this.failures.get(client).catch(() => null);
    return state && state.consumedPoints >= this.maxFailures ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
  }

  async failed(client: string): Promise<void> {
    await this.failures.penalty(client, 1).catch(() => undefined);
  }

  async succeeded(client: string): Promise<void> {
    await this.failures.delete(client).catch(() => undefined);
  }

  async revoke(sessionId: string, expiresAt: number): Promise<void> {
    const now = Date.now();
    for (const [id, until] of this.revokedHere) if (until <= now) this.revokedHere.delete(id);
    this.revokedHere.set(sessionId, expiresAt);
    const ttl = Math.max(1, expiresAt - now);
    await this.redis?.client.set(`castboard:revoked:${sessionId}`, "1", "PX", ttl).catch(() => undefined);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    if ((this.revokedHere.get(sessionId) ?? 0) > Date.now()) return true;
    if (!this.redis) return false;
    return (await this.redis.client.exists(`castboard:revoked:${sessionId}`).catch(() => 0)) === 1;
  }
}

export function lockedOut(seconds: number): AppError {
  const minutes = Math.ceil(seconds / 60);
  return new AppError("rate_limited", `Too many wrong access tokens from this address. Try again in ${minutes} min.`, {
    headers: { "retry-after": String(seconds) },
    extra: { retry_after_seconds: seconds },
  });
}

const unauthorized = (message: string) => new AppError("unauthorized", message);

/**
 * Lets a request through, or throws 401 (no or ended session), or 429 (locked out). A wrong token
 * or a forged cookie counts as a failed sign-in for `client`.
 */
export async function authorize(headers: Pick<Headers, "get">, client: string, config: ServerConfig, guard: SignInGuard): Promise<void> {
  const access = presentedAccess(headers, config);
  if (access.result === "open") return;
  if (access.result === "granted" && access.via === "session") {
    if (await guard.isRevoked(access.sessionId)) throw unauthorized("This session was signed out. Sign in again.");
    return;
  }
  if (access.result === "missing") throw unauthorized("Sign in first: this Castboard needs an access token");
  const locked = await guard.lockedFor(client);
  if (locked) throw lockedOut(locked);
  if (access.result !== "refused") return;
  await guard.failed(client);
  throw unauthorized(access.attempt ? "That access token is not right." : "Your session is not valid. Sign in again.");
}
