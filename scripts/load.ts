import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { windowFor } from "../lib/proxy/rate-limit";
import { cpuSeconds, RssSampler, startEngineProcess, startServeProcess, type ServerProcess } from "./load-processes";

/**
 * `npm run load`: the production build under load, through the proxy route, in fal mode against
 * the standalone offline engine (`FAL_KEY` + `FAL_UPSTREAM_URL`), on loopback only.
 *
 *   setup    the engine and the app as their own processes; the mascot uploaded through the proxy
 *            (initiate through the route, PUT to the engine's signed URL, as @fal-ai/client does);
 *            IDS requests submitted through the proxy and followed until COMPLETED
 *   run 1/2  CONNECTIONS clients (autocannon, keep-alive, one request in flight each, 30 s timeout) for
 *            DURATION s, one call in ten a queue submit, six a status call and three a result
 *            call on the requests made up front; the app's rate limit raised out of the way
 *            (all clients share 127.0.0.1, so the default limit would answer nearly everything
 *            with 429); twice in a row against the same server, with the app's RSS sampled from
 *            /proc/<pid>/status every 250 ms
 *   429 run  a second app with the default rate limit (200 burst, 40/s), the same mix for a few
 *            seconds: 429 with Retry-After is the intended answer past the limit, and any other
 *            error kind is a failure
 *
 * Submits ask for the smallest panel the schema allows (256 × 256), so the engine's drawing,
 * which shares the two cores with the app and the load generator, weighs as little as it can.
 *
 *   npm run load                          30 s runs of 200 clients, a 5 s 429 run, then the review
 *                                         scenario (scripts/load-review.ts): 200 reviewers for 30 s, twice
 *   npm run load -- --scenario review     only the reviewers (or --scenario proxy)
 *   npm run load -- --duration 5          quick local check
 *   npm run load -- --connections 50 --burst-duration 0
 *
 * Prints a markdown summary and writes bench/load-report.json. Exits 1 on any error other than
 * the intended 429s, or when the app's RSS after the second run exceeds the first by more than
 * RSS_TOLERANCE.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const KEY = "castboard-load-key";
const SUBMIT_TARGET = "https://queue.fal.run/fal-ai/ideogram/character";
const UPLOAD_TARGET = "https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3";
const statusTarget = (id: string) => `https://queue.fal.run/fal-ai/ideogram/requests/${id}/status`;
const resultTarget = (id: string) => `https://queue.fal.run/fal-ai/ideogram/requests/${id}`;
/** One call in ten a submit, six status calls, three result calls, spread through each ten. */
const MIX = ["status", "result", "status", "submit", "status", "result", "status", "status", "result", "status"] as const;
type Kind = (typeof MIX)[number];
const KINDS: Kind[] = ["submit", "status", "result"];
/** The app's RSS after the second run may exceed the first's by at most this share. */
export const RSS_TOLERANCE = 0.1;
const CLIENT_TIMEOUT_S = 30;
const SETTLE_MS = 5000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Calls through the proxy route, the way @fal-ai/client sends them.

async function proxy(appUrl: string, target: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${appUrl}/api/fal/proxy`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "x-fal-target-url": target, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? "call"} ${target}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Uploads the mascot through the proxy and returns its file URL on the engine. */
async function uploadReference(appUrl: string): Promise<string> {
  const bytes = readFileSync(path.join(ROOT, "tests/fixtures/mascot-reference.jpg"));
  const { upload_url, file_url } = (await proxy(appUrl, UPLOAD_TARGET, { body: { content_type: "image/jpeg", file_name: "mascot.jpg" } })) as {
    upload_url: string;
    file_url: string;
  };
  const put = await fetch(upload_url, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: new Uint8Array(bytes) });
  if (!put.ok) throw new Error(`upload: HTTP ${put.status} ${await put.text()}`);
  return file_url;
}

const submitInput = (reference: string, seed: number) => ({
  prompt: "Ferris waves from a pier",
  reference_image_urls: [reference],
  image_size: { width: 256, height: 256 },
  seed,
});

/** Submits `count` requests through the proxy and waits (at most 60 s) until all are COMPLETED. */
async function prepareRequests(appUrl: string, reference: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(String((await proxy(appUrl, SUBMIT_TARGET, { body: submitInput(reference, i) })).request_id));
  const deadline = Date.now() + 60_000;
  for (const id of ids) {
    while ((await proxy(appUrl, statusTarget(id))).status !== "COMPLETED") {
      if (Date.now() > deadline) throw new Error(`request ${id} did not complete within 60 s`);
      await sleep(100);
    }
    await proxy(appUrl, resultTarget(id));
  }
  return ids;
}

/** Waits until the engine has drawn everything submitted (its queue is FIFO: the last one is enough). */
async function engineDrained(engineUrl: string, lastId: string | undefined, timeoutMs = 120_000): Promise<number> {
  const start = Date.now();
  if (!lastId) return 0;
  while (Date.now() - start < timeoutMs) {
    const response = await fetch(`${engineUrl}/queue.fal.run/fal-ai/ideogram/requests/${lastId}/status`, { headers: { authorization: `Key ${KEY}` } });
    const body = (await response.json()) as { status?: string };
    if (body.status === "COMPLETED") return Date.now() - start;
    await sleep(250);
  }
  throw new Error(`the engine had not drawn request ${lastId} after ${timeoutMs / 1000} s`);
}

// ---------------------------------------------------------------------------------------------
// One load run.

export interface KindStats {
  count: number;
  byStatus: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
}

export interface RunStats {
  label: string;
  durationS: number;
  connections: number;
  requests: number;
  /** Responses per second over the run (autocannon's mean of per-second counts). */
  throughputRps: number;
  /** Latency of 2xx responses (autocannon's histogram, 1 ms resolution). */
  latency: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };
  byKind: Record<Kind, KindStats>;
  /** Every error kind seen: "HTTP 429 (intended: rate limit)", "HTTP 502 (status)", "socket ECONNRESET", "timeout (no answer in 30 s)". */
  errors: Record<string, number>;
  intended429: number;
  unintendedErrors: number;
  /** Socket errors and timeouts by the second of the run they happened in. */
  errorSeconds: Record<string, number>;
  /** autocannon's own count of timeouts, as a cross-check of the error kinds. */
  timeouts: number;
  /** Each client's first answer, on a connection opened with all the others at the start. */
  firstAnswer: { p50Ms: number; maxMs: number; clients: number };
  /** Answers (any call) that took longer than 2 s. */
  slowerThan2s: number;
  /** The load generator's own event-loop delay: it was not the bottleneck while this stays small. */
  generatorLagMaxMs: number;
  /** 429 answers that carried Retry-After. */
  retryAfterOn429: number;
  submitsAccepted: number;
  lastSubmittedId?: string;
  rssPeakMb: number;
  cpuSeconds: { app: number; engine: number; loadGenerator: number };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
};

interface RunOptions {
  label: string;
  appUrl: string;
  appPid: number;
  enginePid: number;
  ids: string[];
  reference: string;
  durationS: number;
  connections: number;
  sampler: RssSampler;
}

interface ClientContext {
  kind?: Kind;
  sentAt?: number;
}

export async function loadRun(o: RunOptions): Promise<RunStats> {
  let counter = 0;
  let seed = 1000;
  const latencies: Record<Kind, number[]> = { submit: [], status: [], result: [] };
  const byStatus: Record<Kind, Record<string, number>> = { submit: {}, status: {}, result: {} };
  const errors: Record<string, number> = {};
  let retryAfterOn429 = 0;
  let submitsAccepted = 0;
  let lastSubmittedId: string | undefined;
  const routePath = "/api/fal/proxy";

  let slowerThan2s = 0;
  const firstAnswers: number[] = [];
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpuBefore = { app: cpuSeconds(o.appPid), engine: cpuSeconds(o.enginePid), self: process.cpuUsage() };
  const startedAt = Date.now();
  const options: autocannon.Options = {
    url: o.appUrl,
    connections: o.connections,
    duration: o.durationS,
    // Bounded in count as well as time: far above what this machine can answer in the duration.
    maxOverallRequests: o.durationS * 50_000,
    // The app's own upstream timeout (PROXY_TIMEOUT_MS): what a client of the proxy must be
    // ready to wait. Under a burst of new connections a saturated Node server answers some first
    // requests only after several seconds (a plain node:http server shows the same); those are
    // reported as `firstAnswer` and in the latency maximum, not as errors.
    timeout: CLIENT_TIMEOUT_S,
    requests: [
      {
        setupRequest: (request, context) => {
          const ctx = context as ClientContext;
          const i = counter++;
          const kind = MIX[i % MIX.length]!;
          const id = o.ids[Math.floor(i / MIX.length) % o.ids.length]!;
          ctx.kind = kind;
          ctx.sentAt = performance.now();
          if (kind === "submit") {
            return {
              ...request,
              method: "POST",
              path: routePath,
              headers: { "x-fal-target-url": SUBMIT_TARGET, "content-type": "application/json" },
              body: JSON.stringify(submitInput(o.reference, seed++)),
            };
          }
          return {
            ...request,
            method: "GET",
            path: routePath,
            headers: { "x-fal-target-url": kind === "status" ? statusTarget(id) : resultTarget(id) },
            body: undefined,
          };
        },
        onResponse: (status, body, context, headers) => {
          const ctx = context as ClientContext;
          const kind = ctx.kind ?? "status";
          if (ctx.sentAt !== undefined) {
            const ms = performance.now() - ctx.sentAt;
            latencies[kind].push(ms);
            if (ms > 2000) slowerThan2s++;
          }
          byStatus[kind][status] = (byStatus[kind][status] ?? 0) + 1;
          if (status === 429 && headers && Object.keys(headers).some((h) => h.toLowerCase() === "retry-after")) retryAfterOn429++;
          if (kind === "submit" && status === 200) {
            submitsAccepted++;
            try {
              lastSubmittedId = (JSON.parse(body) as { request_id?: string }).request_id ?? lastSubmittedId;
            } catch {
              // counted by its status already
            }
          }
        },
      },
    ],
  };
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options, (error: unknown, result: autocannon.Result) => (error ? reject(error) : resolve(result)));
  });
  // Each client's first answer, on its freshly opened connection.
  const answered = new WeakSet<object>();
  instance.on("response", (client: object, _status: number, _bytes: number, responseTime: number) => {
    if (answered.has(client)) return;
    answered.add(client);
    firstAnswers.push(responseTime);
  });
  const errorSeconds: Record<string, number> = {};
  instance.on("reqError", (error: { code?: string; message?: string }) => {
    // autocannon reports its own timeout as an error "request timed out"; it counts it in `timeouts` too.
    const key = /time(d)?\s?out/i.test(`${error.code ?? ""} ${error.message ?? ""}`) ? `timeout (no answer in ${CLIENT_TIMEOUT_S} s)` : `socket ${error.code ?? error.message ?? "error"}`;
    errors[key] = (errors[key] ?? 0) + 1;
    const second = String(Math.floor((Date.now() - startedAt) / 1000));
    errorSeconds[second] = (errorSeconds[second] ?? 0) + 1;
  });
  // A watchdog on top of autocannon's own duration: the run stops by itself whatever happens.
  const watchdog = setTimeout(() => instance.stop(), (o.durationS + CLIENT_TIMEOUT_S + 10) * 1000);
  const result = await finished;
  clearTimeout(watchdog);
  const finishedAt = Date.now();
  lag.disable();
  const self = process.cpuUsage(cpuBefore.self);

  let intended429 = 0;
  for (const kind of KINDS) {
    for (const [status, count] of Object.entries(byStatus[kind])) {
      if (Number(status) >= 200 && Number(status) < 300) continue;
      const key = status === "429" ? "HTTP 429 (intended: rate limit)" : `HTTP ${status} (${kind})`;
      errors[key] = (errors[key] ?? 0) + count;
      if (status === "429") intended429 += count;
    }
  }
  const unintendedErrors = Object.entries(errors)
    .filter(([key]) => !key.startsWith("HTTP 429"))
    .reduce((sum, [, count]) => sum + count, 0);
  const kindStats = (kind: Kind): KindStats => ({
    count: latencies[kind].length,
    byStatus: byStatus[kind],
    p50Ms: round1(pct(latencies[kind], 50)),
    p99Ms: round1(pct(latencies[kind], 99)),
  });
  return {
    label: o.label,
    durationS: round1(result.duration),
    connections: o.connections,
    requests: result.requests.total,
    throughputRps: round1(result.requests.average),
    latency: { p50Ms: result.latency.p50, p90Ms: result.latency.p90, p99Ms: result.latency.p99, maxMs: result.latency.max },
    byKind: { submit: kindStats("submit"), status: kindStats("status"), result: kindStats("result") },
    errors,
    intended429,
    unintendedErrors,
    errorSeconds,
    timeouts: result.timeouts,
    firstAnswer: { p50Ms: round1(pct(firstAnswers, 50)), maxMs: round1(Math.max(0, ...firstAnswers)), clients: firstAnswers.length },
    slowerThan2s,
    generatorLagMaxMs: round1(lag.max / 1e6),
    retryAfterOn429,
    submitsAccepted,
    lastSubmittedId,
    rssPeakMb: o.sampler.peak(startedAt, finishedAt),
    cpuSeconds: {
      app: round1(cpuSeconds(o.appPid) - cpuBefore.app),
      engine: round1(cpuSeconds(o.enginePid) - cpuBefore.engine),
      loadGenerator: round1((self.user + self.system) / 1e6),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The whole procedure.

export interface LoadOptions {
  durationS: number;
  connections: number;
  /** Length of the run against the default rate limit; 0 skips it. */
  burstDurationS: number;
  ids: number;
}

export interface LoadReport {
  date: string;
  machine: string;
  options: LoadOptions;
  setup: { appStartMs: number; engineStartMs: number; prepareMs: number; rssAfterSetupMb: number };
  runs: [RunStats, RunStats];
  rss: { afterSetupMb: number; afterRun1Mb: number; afterRun2Mb: number; growthMb: number; growthPct: number; tolerancePct: number; ok: boolean; drainMs: [number, number] };
  rateLimit?: RunStats & { expectedAllowed: number };
  ok: boolean;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const loadAtStart = os.loadavg()[0]!.toFixed(1);
  const engineStart = Date.now();
  const engine = await startEngineProcess(KEY);
  const engineStartMs = Date.now() - engineStart;
  const upstream = { FAL_KEY: KEY, FAL_UPSTREAM_URL: engine.url };
  let app: ServerProcess | undefined;
  let limited: ServerProcess | undefined;
  let sampler: RssSampler | undefined;
  try {
    const appStart = Date.now();
    app = await startServeProcess({ ...upstream, RATE_LIMIT_BURST: "100000000", RATE_LIMIT_PER_SECOND: "100000000" });
    const appStartMs = Date.now() - appStart;
    sampler = new RssSampler(app.pid);
    const prepareStart = Date.now();
    const reference = await uploadReference(app.url);
    const ids = await prepareRequests(app.url, reference, options.ids);
    const prepareMs = Date.now() - prepareStart;
    await sleep(1000);
    const afterSetupMb = sampler.settled(1000);

    const common = { appUrl: app.url, appPid: app.pid, enginePid: engine.pid, ids, reference, durationS: options.durationS, connections: options.connections, sampler };
    const run1 = await loadRun({ ...common, label: "run 1" });
    const drain1 = await engineDrained(engine.url, run1.lastSubmittedId);
    await sleep(SETTLE_MS);
    const afterRun1Mb = sampler.settled();
    const run2 = await loadRun({ ...common, label: "run 2" });
    const drain2 = await engineDrained(engine.url, run2.lastSubmittedId);
    await sleep(SETTLE_MS);
    const afterRun2Mb = sampler.settled();
    sampler.stop();
    await app.stop();
    app = undefined;

    const growthMb = round1(afterRun2Mb - afterRun1Mb);
    const growthPct = round1((growthMb / afterRun1Mb) * 100);
    const rss = {
      afterSetupMb,
      afterRun1Mb,
      afterRun2Mb,
      growthMb,
      growthPct,
      tolerancePct: RSS_TOLERANCE * 100,
      ok: growthMb <= afterRun1Mb * RSS_TOLERANCE,
      drainMs: [drain1, drain2] as [number, number],
    };

    let rateLimit: LoadReport["rateLimit"];
    if (options.burstDurationS > 0) {
      // Default RATE_LIMIT_BURST / RATE_LIMIT_PER_SECOND (200, 40/s).
      limited = await startServeProcess(upstream);
      const limitedSampler = new RssSampler(limited.pid);
      const limitedIds = ids.slice(0, 5);
      const stats = await loadRun({ ...common, appUrl: limited.url, appPid: limited.pid, ids: limitedIds, durationS: options.burstDurationS, sampler: limitedSampler, label: "default rate limit" });
      limitedSampler.stop();
      await engineDrained(engine.url, stats.lastSubmittedId);
      // The limiter counts 200 calls per 5 s window; a run can touch one more window than it lasts.
      const window = windowFor(200, 40);
      rateLimit = { ...stats, expectedAllowed: window.points * (Math.ceil(stats.durationS / window.duration) + 1) };
    }

    const ok = run1.unintendedErrors === 0 && run2.unintendedErrors === 0 && run1.intended429 === 0 && run2.intended429 === 0 && rss.ok && (!rateLimit || rateLimit.unintendedErrors === 0);
    return {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadAtStart} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end`,
      options,
      setup: { appStartMs, engineStartMs, prepareMs, rssAfterSetupMb: afterSetupMb },
      runs: [run1, run2],
      rss,
      rateLimit,
      ok,
    };
  } finally {
    sampler?.stop();
    await app?.stop();
    await limited?.stop();
    await engine.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting.

const errorList = (errors: Record<string, number>) =>
  Object.keys(errors).length === 0 ? "none" : Object.entries(errors).map(([kind, count]) => `${kind}: ${count}`).join("; ");

export function loadMarkdown(r: LoadReport): string {
  const row = (s: RunStats) =>
    `| ${s.label} | ${s.durationS} s × ${s.connections} | ${s.requests} | ${s.throughputRps} | ${s.latency.p50Ms} / ${s.latency.p99Ms} ms | ` +
    `${KINDS.map((k) => `${k} ${s.byKind[k].p50Ms}/${s.byKind[k].p99Ms}`).join(", ")} | ${s.firstAnswer.p50Ms} / ${s.firstAnswer.maxMs} ms | ${errorList(s.errors)} | ${s.rssPeakMb} MB | app ${s.cpuSeconds.app} s, engine ${s.cpuSeconds.engine} s, generator ${s.cpuSeconds.loadGenerator} s |`;
  const lines = [
    `# Castboard load test`,
    "",
    `Measured ${r.date.slice(0, 19).replace("T", " ")} UTC on ${r.machine}. Production build through \`/api/fal/proxy\`, fal mode against the standalone offline engine (own process), loopback only; mix per ten calls: 1 submit, 6 status, 3 result (on ${r.options.ids} requests completed up front). Rate limit raised for runs 1 and 2.`,
    "",
    "| Run | Duration × clients | Requests | Throughput (req/s) | Latency p50 / p99 (2xx) | p50/p99 ms by call | First answer per client p50 / max | Errors by kind | App peak RSS | CPU used |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...r.runs.map(row),
    ...(r.rateLimit ? [row(r.rateLimit)] : []),
    "",
    `All ${r.options.connections} clients connect at once; a saturated Node server answers some of those first requests only after seconds (a plain node:http server does the same), hence the first-answer maximum. Clients wait up to ${CLIENT_TIMEOUT_S} s, the proxy's own upstream timeout. Load generator's longest event-loop delay: ${r.runs.map((x) => `${x.generatorLagMaxMs} ms`).join(", ")}.`,
    "",
    `App RSS at rest: ${r.rss.afterSetupMb} MB after setup, ${r.rss.afterRun1Mb} MB after run 1, ${r.rss.afterRun2Mb} MB after run 2: ${r.rss.growthMb >= 0 ? "+" : ""}${r.rss.growthMb} MB (${r.rss.growthPct}%) between runs, tolerance ${r.rss.tolerancePct}% → ${r.rss.ok ? "no growth ✓" : "GROWS ✗"}. Each figure is the median over 2 s after the engine finished drawing the run's submits (${r.rss.drainMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ")}) and ${SETTLE_MS / 1000} s of rest.`,
  ];
  if (r.rateLimit) {
    const l = r.rateLimit;
    const allowed = l.requests - l.intended429;
    lines.push(
      "",
      `Default rate limit (200 burst, 40/s per client; every load client is 127.0.0.1): ${allowed} calls answered, ${l.intended429} intended 429s (${l.retryAfterOn429} with Retry-After), at most ${l.expectedAllowed} expected to pass (200 per 5 s window); other errors: ${l.unintendedErrors === 0 ? "none ✓" : `${l.unintendedErrors} ✗`}.`,
    );
  }
  lines.push("", r.ok ? "Result: ✓ no error other than the intended 429s, RSS steady." : "Result: ✗ see above.");
  return lines.join("\n");
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (invokedDirectly) {
  const { values } = parseArgs({
    options: {
      scenario: { type: "string", default: "all" },
      duration: { type: "string", default: "30" },
      connections: { type: "string", default: "200" },
      "burst-duration": { type: "string", default: "5" },
      ids: { type: "string", default: "40" },
    },
  });
  const options: LoadOptions = {
    durationS: Number(values.duration),
    connections: Number(values.connections),
    burstDurationS: Number(values["burst-duration"]),
    ids: Number(values.ids),
  };
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isFinite(value) || value < 0 || (name !== "burstDurationS" && value === 0)) throw new Error(`--${name} must be a positive number`);
  }
  if (options.durationS > 120 || options.burstDurationS > 60 || options.connections > 1000) throw new Error("bounded: --duration ≤ 120, --burst-duration ≤ 60, --connections ≤ 1000");
  if (!["all", "proxy", "review"].includes(values.scenario)) throw new Error("--scenario is proxy (the fal proxy), review (reviewers reading a review link) or all");
  const { ensureBuilt } = await import("./build-if-needed.mjs");
  if (ensureBuilt().failed) throw new Error("build failed");
  if (values.scenario !== "review") {
    const report = await runLoad(options);
    writeFileSync(path.join(ROOT, "bench/load-report.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log(loadMarkdown(report));
    if (!report.ok) process.exitCode = 1;
  }
  if (values.scenario !== "proxy") {
    // The review scenario's own Postgres: Debian's, installed by the same helper as for the tests.
    const { ensurePostgres } = await import("./debian-tools.mjs");
    process.env.POSTGRES_BIN = ensurePostgres();
    const { runReviewLoad, reviewLoadMarkdown } = await import("./load-review");
    const report = await runReviewLoad({ durationS: options.durationS, readers: options.connections });
    writeFileSync(path.join(ROOT, "bench/load-review-report.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${reviewLoadMarkdown(report)}`);
    if (!report.ok) process.exitCode = 1;
  }
}
