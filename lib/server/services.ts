import "server-only";
import path from "node:path";
import { createOfflineEngine, type OfflineEngine } from "../offline/engine";
import { InMemoryTokenBucket, type RateLimiter } from "../proxy/rate-limit";
import { InMemorySpendLedger, type SpendLedger } from "../proxy/spend-ledger";
import type { ServerConfig } from "./config";

interface Services {
  rateLimiter: RateLimiter;
  ledger?: SpendLedger;
  engine: OfflineEngine;
}

/**
 * Process-wide singletons. Next bundles each route separately, so module state alone could be
 * duplicated between routes; one slot on globalThis keeps a single engine, limiter and ledger.
 */
const SLOT = Symbol.for("castboard.services");
type Holder = { [SLOT]?: Services };

export function getServices(config: ServerConfig): Services {
  const holder = globalThis as Holder;
  holder[SLOT] ??= {
    rateLimiter: new InMemoryTokenBucket(config.rateLimit.burst, config.rateLimit.perSecond),
    ledger: config.budgetCents !== undefined ? new InMemorySpendLedger(config.budgetCents) : undefined,
    engine: createOfflineEngine({
      dataDir: path.join(config.dataDir, "offline"),
      latencyMs: config.offlineLatencyMs,
    }),
  };
  return holder[SLOT];
}
