import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { formatBytes } from "../lib/format-bytes";
import { board } from "../tests/support/review-fixtures";
import { publishOverHttp } from "../tests/support/review-http";
import { freePort } from "../tests/support/servers";
import { hashSources } from "../scripts/build-if-needed.mjs";
import { startNodeProcess, type ServerProcess } from "../scripts/load-processes";
import type { ReportRow } from "./board.bench";
import { runStandalone } from "./standalone";

/**
 * First-load JavaScript of the main page against an empty Next.js app of the same version.
 *
 *   ours      the production build as `npm start` serves it (scripts/serve.mjs: Next's own
 *             request handler, which gzips like `next start`), the page at `/`, and the public
 *             review page of a 12-panel board published through the author routes
 *   baseline  bench/baseline-app (app/layout.jsx + app/page.jsx, plus a server-only route that
 *             ships nothing to the browser), built with the project's own `next` binary and
 *             served by `next start`; its build is cached in node_modules/.cache and redone only
 *             when its sources or the lockfile change
 *
 * Each page is loaded RUNS times in Chromium, each time in a fresh browser context (empty cache),
 * until the network has been quiet for 500 ms. Counted: every response of type Script, by CDP's
 * `Network.loadingFinished.encodedDataLength` (bytes on the wire: compressed body plus response
 * headers), with the compressed and decoded body sizes from Resource Timing beside it, and the
 * Content-Encoding each script came with (both sides must be compressed for the comparison to
 * hold).
 *
 * Run alone with `npx tsx bench/first-load.bench.ts` (builds if needed, prints JSON).
 */
export const FIRST_LOAD_RATIO_GOAL = 2.2;
export const REVIEW_PAGE_RATIO_GOAL = 1.3;
const RUNS = 3;
const QUIET_MS = 500;
const ROOT = path.resolve(import.meta.dirname, "..");
export const BASELINE_DIR = path.join(ROOT, "bench/baseline-app");
const BASELINE_DIST = path.join(ROOT, "node_modules/.cache/castboard-baseline-app");
const BASELINE_STAMP = path.join(BASELINE_DIST, "castboard-baseline-hash");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

/** Builds bench/baseline-app with the project's `next` unless the cached build is of these sources. */
export function ensureBaselineBuilt(): { built: boolean } {
  const hash = hashSources([path.relative(ROOT, BASELINE_DIR), "package-lock.json"]);
  if (existsSync(path.join(BASELINE_DIST, "BUILD_ID")) && existsSync(BASELINE_STAMP) && readFileSync(BASELINE_STAMP, "utf8") === hash) return { built: false };
  console.log("Building the empty baseline app (next build bench/baseline-app)…");
  const result = spawnSync(process.execPath, [NEXT_BIN, "build", BASELINE_DIR], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("the baseline app did not build");
  writeFileSync(BASELINE_STAMP, hash);
  return { built: true };
}

/** `next start` on the baseline app, on a free loopback port. */
export async function startBaselineApp(env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  return startNodeProcess([NEXT_BIN, "start", BASELINE_DIR, "--port", String(port), "--hostname", "127.0.0.1"], env, `http://127.0.0.1:${port}/`, "the baseline app");
}

export interface ScriptLoad {
  /** Sum of `encodedDataLength` over script responses: bytes on the wire, headers included. */
  wireBytes: number;
  /** Sum of Resource Timing `encodedBodySize`: compressed bodies only. */
  compressedBodyBytes: number;
  /** Sum of Resource Timing `decodedBodySize`: the JavaScript as parsed. */
  decodedBytes: number;
  scripts: number;
  /** Content-Encoding of the scripts, with counts ("gzip": 9). */
  encodings: Record<string, number>;
  /** The HTML document's own bytes on the wire (its inline RSC payload is not counted above). */
  documentWireBytes: number;
}

export interface FirstLoadSide {
  url: string;
  runs: ScriptLoad[];
  /** The run with the median wire bytes. */
  median: ScriptLoad;
}

export interface FirstLoadBench {
  ours: FirstLoadSide;
  baseline: FirstLoadSide;
  /** ours / baseline, on wire bytes of scripts. */
  ratio: number;
  /** The public review page (`/review/<token>` of a 12-panel board), which guests open on phones. */
  review: FirstLoadSide;
  reviewRatio: number;
  nextVersion: string;
}

interface Tracked {
  type?: string;
  url: string;
  encoding: string;
  bytes?: number;
}

async function loadOnce(browser: Browser, url: string): Promise<ScriptLoad> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 864 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const requests = new Map<string, Tracked>();
    let lastActivity = Date.now();
    let inFlight = 0;
    cdp.on("Network.requestWillBeSent", (e) => {
      lastActivity = Date.now();
      inFlight++;
      requests.set(e.requestId, { url: e.request.url, encoding: "none", type: e.type });
    });
    cdp.on("Network.responseReceived", (e) => {
      const tracked = requests.get(e.requestId);
      if (!tracked) return;
      tracked.type = e.type;
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      tracked.encoding = headers["content-encoding"] ?? "none";
    });
    cdp.on("Network.loadingFinished", (e) => {
      lastActivity = Date.now();
      inFlight--;
      const tracked = requests.get(e.requestId);
      if (tracked) tracked.bytes = e.encodedDataLength;
    });
    cdp.on("Network.loadingFailed", () => {
      lastActivity = Date.now();
      inFlight--;
    });
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response?.ok()) throw new Error(`${url}: HTTP ${response?.status()}`);
    const deadline = Date.now() + 15_000;
    while ((inFlight > 0 || Date.now() - lastActivity < QUIET_MS) && Date.now() < deadline) await page.waitForTimeout(50);

    const timing = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((e) => {
        const r = e as PerformanceResourceTiming;
        return { url: r.name, encoded: r.encodedBodySize, decoded: r.decodedBodySize };
      }),
    );
    const scripts = [...requests.values()].filter((r) => r.type === "Script" && r.bytes !== undefined);
    const timingOf = (u: string) => timing.find((t) => t.url === u);
    const encodings: Record<string, number> = {};
    for (const s of scripts) encodings[s.encoding] = (encodings[s.encoding] ?? 0) + 1;
    const document = [...requests.values()].find((r) => r.type === "Document");
    return {
      wireBytes: scripts.reduce((sum, s) => sum + s.bytes!, 0),
      compressedBodyBytes: scripts.reduce((sum, s) => sum + (timingOf(s.url)?.encoded ?? 0), 0),
      decodedBytes: scripts.reduce((sum, s) => sum + (timingOf(s.url)?.decoded ?? 0), 0),
      scripts: scripts.length,
      encodings,
      documentWireBytes: document?.bytes ?? 0,
    };
  } finally {
    await context.close();
  }
}

async function measure(browser: Browser, url: string): Promise<FirstLoadSide> {
  const runs: ScriptLoad[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await loadOnce(browser, url));
  const median = [...runs].sort((a, b) => a.wireBytes - b.wireBytes)[Math.floor(runs.length / 2)]!;
  return { url, runs, median };
}

/** `appUrl`: the production build, as `startApp()` serves it. Builds and serves the baseline itself. */
export async function benchFirstLoad(browser: Browser, appUrl: string): Promise<FirstLoadBench> {
  ensureBaselineBuilt();
  const baselineApp = await startBaselineApp();
  try {
    const { snapshot, images } = await board(12);
    const { path: reviewPath } = await publishOverHttp(appUrl, { projectId: "first-load-bench", snapshot, images });
    const reviewUrl = `${appUrl}${reviewPath}`;
    // One uncounted load each: the servers' first answers compile and cache nothing, but warm them anyway.
    for (const url of [`${appUrl}/`, reviewUrl, `${baselineApp.url}/`]) await loadOnce(browser, url);
    const ours = await measure(browser, `${appUrl}/`);
    const review = await measure(browser, reviewUrl);
    const baseline = await measure(browser, `${baselineApp.url}/`);
    const nextVersion = (JSON.parse(readFileSync(path.join(ROOT, "node_modules/next/package.json"), "utf8")) as { version: string }).version;
    const ratio = (side: FirstLoadSide) => Math.round((side.median.wireBytes / baseline.median.wireBytes) * 100) / 100;
    return { ours, baseline, ratio: ratio(ours), review, reviewRatio: ratio(review), nextVersion };
  } finally {
    await baselineApp.stop();
  }
}

const describe = (s: ScriptLoad) =>
  `${formatBytes(s.wireBytes)} on the wire in ${s.scripts} scripts (${Object.entries(s.encodings)
    .map(([e, n]) => `${n} ${e}`)
    .join(", ")}; bodies ${formatBytes(s.compressedBodyBytes)} compressed, ${formatBytes(s.decodedBytes)} decoded)`;

/** The first-load row for bench/REPORT.md, bench/report.json and the README. */
export function firstLoadResults(f: FirstLoadBench): ReportRow[] {
  const compressed = (s: FirstLoadSide) => s.median.scripts > 0 && !("none" in s.median.encodings);
  const both = compressed(f.ours) && compressed(f.baseline);
  return [
    {
      name: "First-load JavaScript of the main page, compressed as transferred (Chromium, empty cache, until the network is quiet)",
      measured: `${describe(f.ours.median)}; ${f.ratio}× the baseline${f.ours.runs.every((r) => r.wireBytes === f.ours.median.wireBytes) ? "" : ` (runs: ${f.ours.runs.map((r) => formatBytes(r.wireBytes)).join(", ")})`}${both ? "" : " (NOT ALL SCRIPTS COMPRESSED)"}`,
      baseline: `${describe(f.baseline.median)}: an empty Next.js ${f.nextVersion} app (layout + page) served by next start`,
      goal: `≤ ${FIRST_LOAD_RATIO_GOAL}× the baseline`,
      pass: both && f.ratio <= FIRST_LOAD_RATIO_GOAL,
    },
    {
      name: "First-load JavaScript of the review page (`/review/<token>`, a 12-panel board), compressed as transferred",
      measured: `${describe(f.review.median)}; ${f.reviewRatio}× the baseline${compressed(f.review) ? "" : " (NOT ALL SCRIPTS COMPRESSED)"}`,
      baseline: "the same empty Next.js app",
      goal: `≤ ${REVIEW_PAGE_RATIO_GOAL}× the baseline`,
      pass: compressed(f.review) && compressed(f.baseline) && f.reviewRatio <= REVIEW_PAGE_RATIO_GOAL,
    },
  ];
}

await runStandalone(import.meta.url, benchFirstLoad, firstLoadResults);
