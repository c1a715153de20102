import "server-only";
import { Redis } from "ioredis";
import { StoreUnavailableError, type Store, type StoreHealth } from "./store";

export interface RedisConnectionOptions {
  /** Longest a command may take, and longest the first connection is awaited (ms). */
  timeoutMs: number;
}

/**
 * One ioredis client per process, set up to fail fast: no offline queue (a command while
 * disconnected fails at once instead of waiting), no retries of a command, a short command
 * timeout, and endless reconnects in the background. A request therefore never hangs on a dead
 * Redis: it is refused within `timeoutMs`, and everything works again once Redis is back.
 */
export class RedisConnection implements Store {
  readonly kind = "redis";
  readonly client: Redis;
  private down = false;
  private lastError: string | undefined;
  private firstConnection: Promise<void> | undefined;
  private readonly heldWriteCounts: (() => number)[] = [];

  constructor(
    url: string,
    private readonly options: RedisConnectionOptions,
  ) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: Math.max(options.timeoutMs, 1000),
      commandTimeout: options.timeoutMs,
      retryStrategy: (times) => Math.min(100 * times, 1000),
      // Ready only once Redis answers INFO and has loaded its data, not as soon as a socket opens.
      enableReadyCheck: true,
    });
    this.client.on("ready", () => {
      if (this.down) console.info("Redis answers again: the shared rate limit and spend cap are back");
      this.down = false;
      this.lastError = undefined;
    });
    this.client.on("error", (error: Error & { code?: string }) => {
      const reason = error.code ?? error.message;
      if (!this.down || reason !== this.lastError) {
        console.warn(`Redis is not answering (${reason}): calls that spend are refused until it is back`);
      }
      this.lastError = reason;
      this.down = true;
    });
    this.client.on("close", () => {
      this.down = true;
      this.lastError ??= "connection closed";
    });
  }

  /** Resolves once commands can be sent; throws `StoreUnavailableError` at once when Redis is known to be down. */
  async ready(): Promise<void> {
    const status = this.client.status;
    if (status === "ready") return;
    if (this.down || !["wait", "connecting", "connect"].includes(status)) throw new StoreUnavailableError(this.lastError);
    // The first connection after start: wait for it (briefly) rather than refuse the first requests.
    this.firstConnection ??= this.awaitFirstConnection();
    await this.firstConnection;
  }

  private awaitFirstConnection(): Promise<void> {
    if (this.client.status === "wait") this.client.connect().catch(() => undefined);
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.client.off("ready", onReady);
        this.client.off("error", onError);
        this.firstConnection = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const onError = () => done(new StoreUnavailableError(this.lastError));
      const timer = setTimeout(() => done(new StoreUnavailableError("no connection yet")), this.options.timeoutMs);
      this.client.once("ready", onReady);
      this.client.once("error", onError);
    });
  }

  /** Lets a user of this connection report writes it holds until Redis answers (for `/api/health`). */
  reportHeldWrites(count: () => number): void {
    this.heldWriteCounts.push(count);
  }

  /** Whether Redis answers now. Never throws. */
  async health(): Promise<StoreHealth> {
    const pending = this.heldWriteCounts.reduce((sum, count) => sum + count(), 0);
    const extra = pending > 0 ? { pending_writes: pending } : {};
    const started = performance.now();
    try {
      await this.ready();
      await this.client.ping();
      return { kind: "redis", status: "ok", latency_ms: Math.round((performance.now() - started) * 10) / 10, ...extra };
    } catch (error) {
      const reason = this.lastError ?? (error instanceof Error ? error.message : "not answering");
      return { kind: "redis", status: "degraded", error: `Redis is not answering (${reason})`, ...extra };
    }
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
