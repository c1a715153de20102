import "server-only";
import path from "node:path";
import { createOfflineEngine, type OfflineEngine } from "../offline/engine";
import { MemoryRateLimiter, type RateLimiter } from "../proxy/rate-limit";
import { RedisConnection } from "../proxy/redis-connection";
import { RedisRateLimiter } from "../proxy/redis-rate-limit";
import { RedisSpendLedger } from "../proxy/redis-spend-ledger";
import { InMemorySpendLedger, type SpendLedger } from "../proxy/spend-ledger";
import { memoryStore, type Store } from "../proxy/store";
import type { ServerConfig } from "./config";
import { SignInGuard } from "./sign-in-guard";

interface Services {
  /** Where the limiter and ledger keep their counts, for `/api/health`. */
  store: Store;
  rateLimiter: RateLimiter;
  ledger?: SpendLedger;
  signIn: SignInGuard;
  engine: OfflineEngine;
}

/**
 * Process-wide singletons. Next bundles each route separately, so module state alone could be
 * duplicated between routes; one slot on globalThis keeps a single engine, limiter, ledger and
 * Redis connection.
 */
const SLOT = Symbol.for("castboard.services");
type Holder = { [SLOT]?: Services };

function createCounters(config: ServerConfig): Pick<Services, "store" | "rateLimiter" | "ledger" | "signIn"> {
  const memoryLimiter = new MemoryRateLimiter(config.rateLimit.burst, config.rateLimit.perSecond);
  // A charged submit may take the whole proxy timeout; only after that may a retry of its key take it over.
  const ledgerOptions = { leaseMs: config.proxyTimeoutMs + 10_000 };
  if (!config.redisUrl) {
    return {
      store: memoryStore,
      rateLimiter: memoryLimiter,
      ledger: config.budgetCents !== undefined ? new InMemorySpendLedger(config.budgetCents, ledgerOptions) : undefined,
      signIn: new SignInGuard(config),
    };
  }
  const connection = new RedisConnection(config.redisUrl, { timeoutMs: config.redisTimeoutMs });
  return {
    store: connection,
    rateLimiter: new RedisRateLimiter(connection, config.rateLimit.burst, config.rateLimit.perSecond, memoryLimiter),
    ledger: config.budgetCents !== undefined ? new RedisSpendLedger(connection, config.budgetCents, ledgerOptions) : undefined,
    signIn: new SignInGuard(config, connection),
  };
}

export function getServices(config: ServerConfig): Services {
  const holder = globalThis as Holder;
  holder[SLOT] ??= {
    ...createCounters(config),
    engine: createOfflineEngine({
      dataDir: path.join(config.dataDir, "offline"),
      latencyMs: config.offlineLatencyMs,
      limits: config.offline,
    }),
  };
  return holder[SLOT];
}
