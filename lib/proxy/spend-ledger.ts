import "server-only";
/**
 * The daily spend cap's ledger, in cents, behind a small interface: charged at accepted submit,
 * refunded when upstream refuses the submit. In memory for one instance (here); in Redis for
 * several (`redis-spend-ledger.ts`), with the same behaviour.
 *
 * Every charge has an identity, so nothing is counted twice:
 * - `key` names the request being paid for: a hash of the caller's `Idempotency-Key` and the body
 *   when it sent one, else a fresh id per HTTP request. Charging a key that is already charged
 *   never charges again: the earlier answer is replayed, or the caller is told it is in progress.
 * - `attempt` names the HTTP request holding the charge. Only that attempt can refund it, at most
 *   once, so a refund that is retried (after the store was unreachable) cannot take back a charge
 *   twice, nor one that a later attempt took over.
 */
export interface ChargeRef {
  key: string;
  attempt: string;
}

export interface ChargeRequest extends ChargeRef {
  cents: number;
  now?: Date;
}

/** What a replay answers: the upstream's answer to the first accepted attempt. */
export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

export type ChargeResult =
  | { outcome: "charged"; spentCents: number }
  /** The key was charged by an attempt that never finished (its lease ran out): go on, not charged again. */
  | { outcome: "resumed" }
  | { outcome: "replay"; response: StoredResponse }
  | { outcome: "in_progress"; retryAfterSeconds: number }
  | { outcome: "over_cap"; spentCents: number; capCents: number; resetsAt: Date };

export interface SpendLedger {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /** Takes back the attempt's charge, once. Never throws: a store that is down gets it later. */
  refund(ref: ChargeRef): Promise<void>;
  /** The charged call was accepted upstream; `response` is kept for replays of the same key. Never throws. */
  accept(ref: ChargeRef, response: StoredResponse): Promise<void>;
  spentToday(now?: Date): Promise<number>;
}

export interface LedgerOptions {
  /** How long a charged attempt may take before a retry of its key may take it over. */
  leaseMs?: number;
  /** How long a charge's record (and so its replay) is kept. */
  recordTtlMs?: number;
}

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_RECORD_TTL_MS = 24 * 3_600_000;

export function utcDayKey(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

interface ChargeRecord {
  state: "pending" | "accepted";
  day: string;
  cents: number;
  attempt: string;
  /** Whether `attempt` made the charge (and so may refund it) rather than took it over. */
  owned: boolean;
  leaseUntil: number;
  expiresAt: number;
  response?: StoredResponse;
}

export class InMemorySpendLedger implements SpendLedger {
  private day = "";
  private spent = 0;
  private readonly records = new Map<string, ChargeRecord>();
  private readonly leaseMs: number;
  private readonly recordTtlMs: number;

  constructor(
    private readonly capCents: number,
    options: LedgerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.recordTtlMs = options.recordTtlMs ?? DEFAULT_RECORD_TTL_MS;
  }

  private roll(now: Date): void {
    const key = utcDayKey(now);
    if (key !== this.day) {
      this.day = key;
      this.spent = 0;
      for (const [id, record] of this.records) if (record.expiresAt <= now.getTime()) this.records.delete(id);
    }
  }

  private record(key: string, now: Date): ChargeRecord | undefined {
    const record = this.records.get(key);
    if (record && record.expiresAt <= now.getTime()) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }

  async charge({ key, attempt, cents, now = new Date() }: ChargeRequest): Promise<ChargeResult> {
    this.roll(now);
    const at = now.getTime();
    const existing = this.record(key, now);
    if (existing?.state === "accepted" && existing.response) return { outcome: "replay", response: existing.response };
    if (existing && existing.leaseUntil > at) {
      return { outcome: "in_progress", retryAfterSeconds: Math.max(1, Math.ceil((existing.leaseUntil - at) / 1000)) };
    }
    if (existing) {
      Object.assign(existing, { attempt, owned: false, leaseUntil: at + this.leaseMs });
      return { outcome: "resumed" };
    }
    if (this.spent + cents > this.capCents) {
      return { outcome: "over_cap", spentCents: this.spent, capCents: this.capCents, resetsAt: nextUtcMidnight(now) };
    }
    this.spent += cents;
    this.records.set(key, {
      state: "pending",
      day: this.day,
      cents,
      attempt,
      owned: true,
      leaseUntil: at + this.leaseMs,
      expiresAt: at + this.recordTtlMs,
    });
    return { outcome: "charged", spentCents: this.spent };
  }

  async refund({ key, attempt }: ChargeRef): Promise<void> {
    const record = this.records.get(key);
    if (!record || record.state !== "pending" || record.attempt !== attempt || !record.owned) return;
    this.records.delete(key);
    // A charge from a day that has rolled over is not in today's count.
    if (record.day === this.day) this.spent = Math.max(0, this.spent - record.cents);
  }

  async accept({ key, attempt }: ChargeRef, response: StoredResponse): Promise<void> {
    const record = this.records.get(key);
    if (!record || record.attempt !== attempt) return;
    record.state = "accepted";
    record.response = response;
  }

  async spentToday(now = new Date()): Promise<number> {
    this.roll(now);
    return this.spent;
  }
}
