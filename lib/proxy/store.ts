import "server-only";
import { AppError } from "../errors";
/**
 * Where the rate limiter and the spend ledger keep their counts: this process's memory (one
 * instance) or Redis (several instances share one limit and one cap). `/api/health` reports it.
 */
export type StoreKind = "memory" | "redis";

export interface StoreHealth {
  kind: StoreKind;
  /** `degraded`: the store does not answer; spending calls are refused until it does. */
  status: "ok" | "degraded";
  latency_ms?: number;
  /** Ledger writes (refunds) held in this process until the store answers again. */
  pending_writes?: number;
  error?: string;
}

export interface Store {
  kind: StoreKind;
  health(): Promise<StoreHealth>;
}

export const memoryStore: Store = {
  kind: "memory",
  health: async () => ({ kind: "memory", status: "ok" }),
};

/** The shared store does not answer: calls that spend are refused (fail closed), 503. */
export class StoreUnavailableError extends AppError {
  constructor(detail?: string) {
    super(
      "store_unavailable",
      `The shared store that holds the spend cap and rate limit (Redis) is not answering${detail ? ` (${detail})` : ""}, so generating is paused to keep the cap. Status and results still work. Try again in a moment.`,
      { headers: { "retry-after": "5" }, extra: { retry_after_seconds: 5 } },
    );
    this.name = "StoreUnavailableError";
  }
}

/** Another call with the same `Idempotency-Key` is still on its way upstream, 409. */
export class RequestInProgressError extends AppError {
  constructor(retryAfterSeconds: number) {
    super("request_in_progress", "A request with this Idempotency-Key is still being submitted. Retry with the same key in a moment to get its answer.", {
      headers: { "retry-after": String(retryAfterSeconds) },
      extra: { retry_after_seconds: retryAfterSeconds },
    });
    this.name = "RequestInProgressError";
  }
}
