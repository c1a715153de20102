import "server-only";
import path from "node:path";
import packageJson from "../../package.json";

/** Everything the server reads from its environment, read in one place. */
export interface ServerConfig {
  falKey?: string;
  upstreamUrl?: string;
  accessToken?: string;
  allowUserKeys: boolean;
  budgetCents?: number;
  rateLimit: { burst: number; perSecond: number };
  /** Redis holding the rate limit and the spend ledger for every instance; unset keeps them in memory. */
  redisUrl?: string;
  /** Longest a Redis command may take before the call is refused or falls back (ms). */
  redisTimeoutMs: number;
  proxyTimeoutMs: number;
  maxBodyBytes: number;
  dataDir: string;
  offlineLatencyMs: number;
  version: string;
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function falKeyFromEnv(): string | undefined {
  if (process.env.FAL_KEY) return process.env.FAL_KEY;
  if (process.env.FAL_KEY_ID && process.env.FAL_KEY_SECRET) return `${process.env.FAL_KEY_ID}:${process.env.FAL_KEY_SECRET}`;
  return undefined;
}

function redisUrlFromEnv(): string | undefined {
  const raw = process.env.REDIS_URL;
  if (!raw) return undefined;
  if (!/^rediss?:\/\/./.test(raw)) throw new Error("REDIS_URL must be a redis:// or rediss:// URL");
  return raw;
}

export function getServerConfig(): ServerConfig {
  const budget = process.env.BUDGET_USD_PER_DAY;
  return {
    falKey: falKeyFromEnv(),
    upstreamUrl: process.env.FAL_UPSTREAM_URL || undefined,
    accessToken: process.env.APP_ACCESS_TOKEN || undefined,
    allowUserKeys: process.env.ALLOW_USER_KEYS === "1",
    budgetCents: budget ? Math.round(positiveNumber("BUDGET_USD_PER_DAY", 0) * 100) : undefined,
    rateLimit: {
      // The app itself polls status at most once a second per generation, up to 8 at once.
      burst: positiveNumber("RATE_LIMIT_BURST", 200),
      perSecond: positiveNumber("RATE_LIMIT_PER_SECOND", 40),
    },
    redisUrl: redisUrlFromEnv(),
    redisTimeoutMs: positiveNumber("REDIS_TIMEOUT_MS", 500),
    proxyTimeoutMs: positiveNumber("PROXY_TIMEOUT_MS", 30_000),
    maxBodyBytes: 1024 * 1024,
    // Chosen at run time by the operator; not a file the build should trace.
    dataDir: path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || ".data"),
    offlineLatencyMs: Number(process.env.OFFLINE_LATENCY_MS ?? 0) || 0,
    version: packageJson.version,
  };
}

export type AppMode = "fal" | "offline";

export function appMode(config: ServerConfig): AppMode {
  return config.falKey ? "fal" : "offline";
}
