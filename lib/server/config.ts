import "server-only";
import path from "node:path";
import packageJson from "../../package.json";
import type { S3Settings } from "./objects/s3-object-store";

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
  /** A request body that sends nothing for this long, or takes longer than `bodyTimeoutMs` in all, gets 408. */
  bodyIdleTimeoutMs: number;
  bodyTimeoutMs: number;
  /** The origin URLs handed back to callers are built on; unset keeps them relative (never the Host header). */
  appOrigin?: string;
  /** How many proxies in front append to `X-Forwarded-For` (`TRUST_PROXY`); 0 uses the socket's peer. */
  trustedProxyHops: number;
  session: { ttlMs: number; maxFailures: number; failureWindowMs: number };
  offline: OfflineLimits;
  dataDir: string;
  /** Review links: Postgres at `DATABASE_URL`, else embedded PGlite under `dataDir`. */
  databaseUrl?: string;
  /** Review images in an S3-compatible bucket (`S3_BUCKET` and friends), else files under `dataDir`. */
  s3?: S3Settings;
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

function databaseUrlFromEnv(): string | undefined {
  const raw = process.env.DATABASE_URL;
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\/./.test(raw)) throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL");
  return raw;
}

function s3SettingsFromEnv(env: NodeJS.ProcessEnv = process.env): S3Settings | undefined {
  if (!env.S3_BUCKET) return undefined;
  if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY) throw new Error("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the machine's own credentials");
  return {
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.S3_REGION || "us-east-1",
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === "1" || env.S3_FORCE_PATH_STYLE === "true",
  };
}

export interface OfflineLimits {
  /** Requests waiting or drawing, overall and per client. */
  queueMax: number;
  queuePerClient: number;
  /** Finished requests kept for status and result calls, overall and per client (oldest go first). */
  jobsKept: number;
  jobsKeptPerClient: number;
  /** Bytes of uploads and drawn panels under `DATA_DIR`, overall and per client. */
  storageBytes: number;
  storageBytesPerClient: number;
}

function wholeNumber(name: string, fallback: number): number {
  return Math.floor(positiveNumber(name, fallback));
}

/** Megabytes as the README's table and `formatBytes` count them: 1000-based. */
const MB = 1_000_000;

function appOriginFromEnv(): string | undefined {
  const raw = process.env.APP_ORIGIN;
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`APP_ORIGIN must be an origin such as https://castboard.example.com, got "${raw}"`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.pathname !== "/" || url.search || url.username) {
    throw new Error(`APP_ORIGIN must be an origin such as https://castboard.example.com (no path, query or credentials), got "${raw}"`);
  }
  return url.origin;
}

/** `TRUST_PROXY`: unset or 0 trusts no proxy; 1 (or `true`) one proxy; N that many in a row. */
export function trustedHopsFromEnv(raw = process.env.TRUST_PROXY): number {
  if (!raw || raw === "0" || raw === "false") return 0;
  if (raw === "true") return 1;
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) throw new Error(`TRUST_PROXY must be 0 to 10 (proxies in front), got "${raw}"`);
  return hops;
}

export function offlineLimitsFromEnv(): OfflineLimits {
  return {
    queueMax: wholeNumber("OFFLINE_QUEUE_MAX", 500),
    queuePerClient: wholeNumber("OFFLINE_QUEUE_PER_CLIENT", 24),
    jobsKept: wholeNumber("OFFLINE_JOBS_KEPT", 20_000),
    jobsKeptPerClient: wholeNumber("OFFLINE_JOBS_KEPT_PER_CLIENT", 2_000),
    storageBytes: positiveNumber("OFFLINE_STORAGE_MB", 2048) * MB,
    storageBytesPerClient: positiveNumber("OFFLINE_STORAGE_PER_CLIENT_MB", 256) * MB,
  };
}

let cached: ServerConfig | undefined;

/**
 * The configuration, read from the environment once per process: it does not change while the
 * server runs, and reading some thirty variables on every proxied call showed in the proxy's cost.
 */
export function getServerConfig(): ServerConfig {
  cached ??= readServerConfig();
  return cached;
}

function readServerConfig(): ServerConfig {
  const budget = process.env.BUDGET_USD_PER_DAY;
  return {
    falKey: falKeyFromEnv(),
    upstreamUrl: process.env.FAL_UPSTREAM_URL || undefined,
    accessToken: process.env.APP_ACCESS_TOKEN || undefined,
    allowUserKeys: process.env.ALLOW_USER_KEYS === "1",
    budgetCents: budget ? Math.round(positiveNumber("BUDGET_USD_PER_DAY", 0) * 100) : undefined,
    rateLimit: {
      // Room for the app itself: its status polls share a budget of 20 calls a second (lib/generation/generate.ts).
      burst: positiveNumber("RATE_LIMIT_BURST", 200),
      perSecond: positiveNumber("RATE_LIMIT_PER_SECOND", 40),
    },
    redisUrl: redisUrlFromEnv(),
    redisTimeoutMs: positiveNumber("REDIS_TIMEOUT_MS", 500),
    proxyTimeoutMs: positiveNumber("PROXY_TIMEOUT_MS", 30_000),
    maxBodyBytes: 1024 * 1024,
    bodyIdleTimeoutMs: positiveNumber("BODY_IDLE_TIMEOUT_MS", 10_000),
    bodyTimeoutMs: positiveNumber("BODY_TIMEOUT_MS", 60_000),
    appOrigin: appOriginFromEnv(),
    trustedProxyHops: trustedHopsFromEnv(),
    session: {
      ttlMs: positiveNumber("SESSION_TTL_HOURS", 24 * 7) * 3_600_000,
      maxFailures: wholeNumber("SIGN_IN_MAX_FAILURES", 10),
      failureWindowMs: positiveNumber("SIGN_IN_WINDOW_MINUTES", 15) * 60_000,
    },
    offline: offlineLimitsFromEnv(),
    // Chosen at run time by the operator; not a file the build should trace.
    dataDir: path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || ".data"),
    databaseUrl: databaseUrlFromEnv(),
    s3: s3SettingsFromEnv(),
    offlineLatencyMs: Number(process.env.OFFLINE_LATENCY_MS ?? 0) || 0,
    version: packageJson.version,
  };
}

export type AppMode = "fal" | "offline";

export function appMode(config: ServerConfig): AppMode {
  return config.falKey ? "fal" : "offline";
}
