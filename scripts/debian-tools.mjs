import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * The Debian programs the tests, the bench and the load test run (Chromium, redis-server,
 * Postgres): found where expected, installed with apt-get when running as root (CI), otherwise a
 * one-line instruction and a stop.
 */
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  return candidates.find((candidate) => existsSync(candidate));
}

/**
 * A Debian tool the suite needs: found where expected, installed with apt-get when running as
 * root (CI), otherwise a one-line instruction and a stop.
 */
function ensureDebianTool({ find, pkg, envVar, purpose, aptArgs = [], afterInstall = () => {} }) {
  const found = find();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    console.error(`No ${pkg} found: install Debian's ${pkg} (sudo apt-get install ${pkg}) or set ${envVar}.`);
    process.exit(1);
  }
  console.log(`Installing Debian's ${pkg} for ${purpose}…`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env: aptEnv });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", ...aptArgs, pkg], { stdio: "inherit", env: aptEnv });
  const installed = find();
  if (install.status !== 0 || !installed) {
    console.error(`Installing ${pkg} failed; install it by hand (apt-get install ${pkg}) or set ${envVar}.`);
    process.exit(1);
  }
  afterInstall();
  return installed;
}

export const ensureChromium = () => ensureDebianTool({ find: findChromium, pkg: "chromium", envVar: "CHROMIUM_PATH", purpose: "the end-to-end tests" });

function findRedisServer() {
  const onPath = (process.env.PATH ?? "").split(":").filter(Boolean).map((dir) => path.join(dir, "redis-server"));
  return [process.env.REDIS_SERVER_PATH, ...onPath, "/usr/bin/redis-server"].filter(Boolean).find((candidate) => existsSync(candidate));
}

/** The Redis tests start their own `redis-server` on free loopback ports: Debian's, installed here when root. */
export const ensureRedisServer = () =>
  ensureDebianTool({
    find: findRedisServer,
    pkg: "redis-server",
    envVar: "REDIS_SERVER_PATH",
    purpose: "the shared-store tests",
    aptArgs: ["--no-install-recommends"],
    // The package starts a system service on 6379; the tests use their own servers, not that one.
    afterInstall: () => spawnSync("service", ["redis-server", "stop"], { stdio: "ignore" }),
  });

/** Debian's Postgres binaries: `POSTGRES_BIN`, else the newest /usr/lib/postgresql/<version>/bin. */
function findPostgresBin() {
  if (process.env.POSTGRES_BIN) return existsSync(path.join(process.env.POSTGRES_BIN, "initdb")) ? process.env.POSTGRES_BIN : undefined;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((version) => existsSync(path.join(root, version, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest && path.join(root, newest, "bin");
}

/** The review store tests start their own throwaway Postgres servers (tests/support/postgres.ts): Debian's, installed here when root. */
export const ensurePostgres = () =>
  ensureDebianTool({
    find: findPostgresBin,
    pkg: "postgresql",
    envVar: "POSTGRES_BIN",
    purpose: "the review store tests",
    aptArgs: ["--no-install-recommends"],
    // The package starts its own cluster on 5432; the tests use their own servers, not that one.
    afterInstall: () => spawnSync("service", ["postgresql", "stop"], { stdio: "ignore" }),
  });

