import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureBuilt } from "./build-if-needed.mjs";
import { ensureChromium, ensurePostgres, ensureRedisServer } from "./debian-tools.mjs";

/**
 * `npm test`: typecheck, lint, dead code (knip), unit tests, production build, then integration and end-to-end
 * tests against the built app in headless Chromium. Ends with one `N passed, N failed` line.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
const RESULTS = path.join(ROOT, ".test-results");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const totals = { passed: 0, failed: 0, skipped: 0 };

/**
 * The static checks are single-threaded: run side by side on the two cores, each one's output
 * printed whole when it ends so the log stays readable.
 */
function checksSideBySide(checks) {
  return Promise.all(
    checks.map(
      ({ name, command, args }) =>
        new Promise((resolve) => {
          const started = Date.now();
          const child = spawn(command, args, { cwd: ROOT, env });
          let output = "";
          child.stdout.on("data", (data) => (output += data));
          child.stderr.on("data", (data) => (output += data));
          child.on("close", (code) => {
            const ok = code === 0;
            totals[ok ? "passed" : "failed"] += 1;
            console.log(`\n▶ ${name}\n${output}${ok ? "✓" : "✗"} ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
            resolve(ok);
          });
        }),
    ),
  );
}

/**
 * One vitest run, counted from its JSON report. `quiet` keeps its output until it ends, for a run
 * beside another whose output streams.
 */
/** The e2e files that run after the integration tests (about 265 s of the journeys' 820 on 2 cores). */
const LONGEST_JOURNEYS = ["storyboard.test.ts", "faults.test.ts", "generation.test.ts"];

function vitest(name, config, { extraEnv = {}, files = [], quiet = false } = {}) {
  if (!quiet) console.log(`\n▶ ${name}`);
  const started = Date.now();
  const output = path.join(RESULTS, `${name.replace(/\W+/g, "-")}.json`);
  rmSync(output, { force: true });
  const child = spawn(path.join(BIN, "vitest"), ["run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${output}`, ...files], {
    cwd: ROOT,
    stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { ...env, ...extraEnv },
  });
  let log = "";
  child.stdout?.on("data", (data) => (log += data));
  child.stderr?.on("data", (data) => (log += data));
  return new Promise((resolve) => {
    child.on("close", (status) => {
      if (quiet) console.log(`\n▶ ${name}\n${log}`);
      if (!existsSync(output)) {
        totals.failed += 1;
        console.log(`✗ ${name} did not report results`);
        return resolve();
      }
      const report = JSON.parse(readFileSync(output, "utf8"));
      totals.passed += report.numPassedTests;
      totals.failed += report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0);
      totals.skipped += report.numPendingTests + report.numTodoTests;
      console.log(`${name}: ${Math.round((Date.now() - started) / 1000)} s`);
      resolve();
    });
  });
}

mkdirSync(RESULTS, { recursive: true });
const chromium = ensureChromium();
const redisServer = ensureRedisServer();
const postgresBin = ensurePostgres();
await checksSideBySide([
  { name: "typecheck", command: path.join(BIN, "tsc"), args: ["--noEmit"] },
  { name: "lint", command: path.join(BIN, "eslint"), args: ["--max-warnings=0", "."] },
  { name: "dead code (knip)", command: path.join(BIN, "knip"), args: ["--no-progress"] },
]);
await vitest("unit", "vitest.config.ts");
console.log("\n▶ build");
const buildStarted = Date.now();
const build = ensureBuilt();
console.log(`build: ${Math.round((Date.now() - buildStarted) / 1000)} s`);
totals[build.failed ? "failed" : "passed"] += 1;
if (!build.failed) {
  // The browser journeys mostly wait on pages and timers, leaving a core free: two streams, each
  // one file at a time. The server-side integration tests run beside the journeys, then the
  // longest journeys (about a third of their time) follow them, so both streams end together.
  const extraEnv = { CHROMIUM_PATH: chromium, REDIS_SERVER_PATH: redisServer, POSTGRES_BIN: postgresBin };
  const journeys = readdirSync(path.join(ROOT, "tests/e2e")).filter((f) => f.endsWith(".test.ts")).map((f) => `tests/e2e/${f}`);
  const afterIntegration = journeys.filter((f) => LONGEST_JOURNEYS.includes(path.basename(f)));
  await Promise.all([
    vitest("integration", "vitest.e2e.config.ts", { extraEnv, files: ["tests/integration"], quiet: true }).then(() =>
      vitest("e2e (the longest journeys)", "vitest.e2e.config.ts", { extraEnv, files: afterIntegration, quiet: true }),
    ),
    vitest("e2e", "vitest.e2e.config.ts", { extraEnv, files: journeys.filter((f) => !afterIntegration.includes(f)) }),
  ]);
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 ? 1 : 0);
