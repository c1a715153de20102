import "server-only";
import type { Redis } from "ioredis";
import type { RedisConnection } from "./redis-connection";
import {
  DEFAULT_LEASE_MS,
  DEFAULT_RECORD_TTL_MS,
  nextUtcMidnight,
  utcDayKey,
  type ChargeRef,
  type ChargeRequest,
  type ChargeResult,
  type LedgerOptions,
  type SpendLedger,
  type StoredResponse,
} from "./spend-ledger";
import { StoreUnavailableError } from "./store";

/**
 * The spend ledger in Redis, shared by every instance that points at it. Each operation is one
 * Lua script, so check-and-charge, refund and accept are atomic across instances.
 *
 * Keys:
 * - `castboard:spend:<YYYY-MM-DD>`: cents charged that UTC day. Expires an hour after its day
 *   ends (refunds of charges made just before midnight still find it).
 * - `castboard:charge:<key>`: one charge (day, cents, attempt holding it, state, replay), kept a day.
 */
export const KEY_PREFIX = "castboard:";
export const spendKey = (day: string) => `${KEY_PREFIX}spend:${day}`;
export const chargeKey = (key: string) => `${KEY_PREFIX}charge:${key}`;
const DAY_KEY_SLACK_S = 3600;
/** Refunds held while Redis is down, at most (oldest dropped first, with a warning). */
const MAX_HELD_REFUNDS = 10_000;

// KEYS: spend key of today, charge key. ARGV: cents, cap, spend key expiry (unix s), charge ttl (ms), day, now (ms), lease (ms), attempt.
const CHARGE = `
local state = redis.call('HGET', KEYS[2], 'state')
local now = tonumber(ARGV[6])
if state then
  if state == 'accepted' then
    return {'replay', redis.call('HGET', KEYS[2], 'response') or ''}
  end
  local lease = tonumber(redis.call('HGET', KEYS[2], 'lease') or '0')
  if lease > now then return {'in_progress', tostring(lease - now)} end
  redis.call('HSET', KEYS[2], 'attempt', ARGV[8], 'owned', '0', 'lease', tostring(now + tonumber(ARGV[7])))
  return {'resumed', ''}
end
local cents = tonumber(ARGV[1])
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
if spent + cents > tonumber(ARGV[2]) then return {'over_cap', tostring(spent)} end
spent = redis.call('INCRBY', KEYS[1], cents)
redis.call('EXPIREAT', KEYS[1], ARGV[3])
redis.call('HSET', KEYS[2], 'state', 'pending', 'day', ARGV[5], 'cents', ARGV[1], 'attempt', ARGV[8], 'owned', '1',
  'lease', tostring(now + tonumber(ARGV[7])))
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return {'charged', tostring(spent)}
`;

// KEYS: charge key. ARGV: attempt, spend key prefix. The day's key is read from the charge.
const REFUND = `
local charge = redis.call('HMGET', KEYS[1], 'state', 'attempt', 'owned', 'day', 'cents')
if charge[1] ~= 'pending' or charge[2] ~= ARGV[1] or charge[3] ~= '1' then return 0 end
redis.call('DEL', KEYS[1])
local spend = ARGV[2] .. charge[4]
if redis.call('EXISTS', spend) == 1 then
  if redis.call('DECRBY', spend, charge[5]) < 0 then redis.call('SET', spend, '0', 'KEEPTTL') end
end
return 1
`;

// KEYS: charge key. ARGV: attempt, stored response.
const ACCEPT = `
if redis.call('HGET', KEYS[1], 'attempt') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'accepted', 'response', ARGV[2])
return 1
`;

type LedgerRedis = Redis & {
  castboardCharge(...args: (string | number)[]): Promise<[string, string]>;
  castboardRefund(...args: (string | number)[]): Promise<number>;
  castboardAccept(...args: (string | number)[]): Promise<number>;
};

type HeldWrite = { op: "refund"; ref: ChargeRef } | { op: "accept"; ref: ChargeRef; response: StoredResponse };

export class RedisSpendLedger implements SpendLedger {
  private readonly redis: LedgerRedis;
  private readonly leaseMs: number;
  private readonly recordTtlMs: number;
  /** Writes that could not reach Redis (or whose answer was lost), replayed once it answers. All are idempotent. */
  private readonly held: HeldWrite[] = [];
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private flushing = false;

  constructor(
    private readonly connection: RedisConnection,
    private readonly capCents: number,
    options: LedgerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.recordTtlMs = options.recordTtlMs ?? DEFAULT_RECORD_TTL_MS;
    const client = connection.client;
    client.defineCommand("castboardCharge", { numberOfKeys: 2, lua: CHARGE });
    client.defineCommand("castboardRefund", { numberOfKeys: 1, lua: REFUND });
    client.defineCommand("castboardAccept", { numberOfKeys: 1, lua: ACCEPT });
    this.redis = client as LedgerRedis;
    connection.reportHeldWrites(() => this.held.length);
  }

  get heldWrites(): number {
    return this.held.length;
  }

  async charge({ key, attempt, cents, now = new Date() }: ChargeRequest): Promise<ChargeResult> {
    await this.connection.ready();
    const day = utcDayKey(now);
    const resetsAt = nextUtcMidnight(now);
    let reply: [string, string];
    try {
      reply = await this.redis.castboardCharge(
        spendKey(day),
        chargeKey(key),
        cents,
        this.capCents,
        Math.floor(resetsAt.getTime() / 1000) + DAY_KEY_SLACK_S,
        this.recordTtlMs,
        day,
        now.getTime(),
        this.leaseMs,
        attempt,
      );
    } catch (error) {
      // Sent, but no answer: it may have been charged. Take it back (a no-op if it was not).
      this.hold({ op: "refund", ref: { key, attempt } });
      throw new StoreUnavailableError(error instanceof Error ? error.message : undefined);
    }
    const [outcome, value] = reply;
    switch (outcome) {
      case "charged":
        return { outcome, spentCents: Number(value) };
      case "over_cap":
        return { outcome, spentCents: Number(value), capCents: this.capCents, resetsAt };
      case "in_progress":
        return { outcome, retryAfterSeconds: Math.max(1, Math.ceil(Number(value) / 1000)) };
      case "replay":
        return { outcome, response: JSON.parse(value) as StoredResponse };
      default:
        return { outcome: "resumed" };
    }
  }

  async refund(ref: ChargeRef): Promise<void> {
    await this.write({ op: "refund", ref });
  }

  async accept(ref: ChargeRef, response: StoredResponse): Promise<void> {
    await this.write({ op: "accept", ref, response });
  }

  async spentToday(now = new Date()): Promise<number> {
    await this.connection.ready();
    return Number((await this.redis.get(spendKey(utcDayKey(now)))) ?? 0);
  }

  private async write(write: HeldWrite): Promise<void> {
    try {
      await this.connection.ready();
      await this.apply(write);
    } catch {
      this.hold(write);
    }
  }

  private apply(write: HeldWrite): Promise<number> {
    const charge = chargeKey(write.ref.key);
    return write.op === "refund"
      ? this.redis.castboardRefund(charge, write.ref.attempt, `${KEY_PREFIX}spend:`)
      : this.redis.castboardAccept(charge, write.ref.attempt, JSON.stringify(write.response));
  }

  private hold(write: HeldWrite): void {
    this.held.push(write);
    if (this.held.length > MAX_HELD_REFUNDS) {
      this.held.shift();
      console.warn("Redis has been down too long: a held ledger write was dropped");
    }
    this.flushTimer ??= setInterval(() => void this.flush(), 250);
    this.flushTimer.unref?.();
  }

  /** Replays held writes in order once Redis answers; what still fails stays held. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.held.length > 0) {
        try {
          await this.connection.ready();
          await this.apply(this.held[0]!);
        } catch {
          return;
        }
        this.held.shift();
      }
      clearInterval(this.flushTimer);
      this.flushTimer = undefined;
    } finally {
      this.flushing = false;
    }
  }
}
