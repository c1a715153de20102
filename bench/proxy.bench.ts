import { Agent, request as httpRequest } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../tests/support/servers";
import { startEngineProcess, startNodeProcess, startServeProcess, type ServerProcess } from "../scripts/load-processes";
import type { ReportRow } from "./board.bench";
import { BASELINE_DIR, ensureBaselineBuilt, startBaselineApp } from "./first-load.bench";

/**
 * What the proxy adds to a queue status call (the call the app makes most: four a second per
 * generation), each target its own process, all on loopback, against one standalone offline
 * engine process that checks the key:
 *
 *   ours        the production build (scripts/serve.mjs) in fal mode: `/api/fal/proxy` with
 *               `FAL_KEY` and `FAL_UPSTREAM_URL` = the engine; rate limit raised out of the way
 *   stock Next  `createRouteHandler()` of `@fal-ai/server-proxy`, mounted as its README says in
 *               bench/baseline-app (same `next`, served by `next start`): the like-for-like
 *               baseline, same framework around the handler. The goal is against this one.
 *   stock node  the same stock handler in a plain node:http server with no framework
 *               (bench/baseline-app/stock-node-server.mjs): how much of the cost is Next.js
 *   direct      the engine itself, no proxy
 *
 * Pointing the stock handler at the engine: it fetches the `x-fal-target-url` it is given, after
 * matching it against its allow-list. Ours is sent the real fal URL
 * (`https://queue.fal.run/fal-ai/ideogram/requests/ID/status`) and maps it to
 * `FAL_UPSTREAM_URL/queue.fal.run/...` itself; the stock handler is sent that mapped URL directly,
 * with its allow-list set to the engine's address (`STOCK_PROXY_ALLOWED_URL`). Both then make the
 * same upstream request (GET, `Authorization: Key <FAL_KEY>`) to the same engine and pass on the
 * same JSON, so the difference is the handlers' own work: for ours the access check, rate limit,
 * target validation, the abortable-fetch wrapper and reading, checking and redacting the answer.
 *
 * Each level (concurrency 1 and 32) runs ROUNDS rounds; each round measures every target in turn
 * (the order rotating), WARMUP uncounted calls then its counted calls, on keep-alive connections
 * (one per concurrent caller). Latency: Node's clock around each whole HTTP call in this process.
 *
 * Run alone with `npx tsx bench/proxy.bench.ts` (builds if needed, prints JSON).
 */
export const PROXY_RATIO_GOAL = 1.1;
export const PROXY_LEVELS = [1, 32] as const;
const ROUNDS = 5;
const CALLS_PER_CALLER = { 1: 120, 32: 20 } as const;
const KEY = "castboard-proxy-bench-key";
const ROOT = path.resolve(import.meta.dirname, "..");

type TargetName = "ours" | "stockNext" | "stockNode" | "direct";
const TARGETS: TargetName[] = ["ours", "stockNext", "stockNode", "direct"];

export interface LatencyStats {
  calls: number;
  p50Ms: number;
  p90Ms: number;
  /** The median of each round, for the spread between rounds. */
  roundP50Ms: number[];
}

export interface ProxyLevel {
  concurrency: number;
  ours: LatencyStats;
  stockNext: LatencyStats;
  stockNode: LatencyStats;
  direct: LatencyStats;
  /** ours p50 / stock Next p50: the goal. */
  ratio: number;
  /** ours p50 / stock node:http p50. */
  ratioNode: number;
  /** p50 minus the direct call's p50: what each proxy adds. */
  addedMs: { ours: number; stockNext: number; stockNode: number };
}

export interface ProxyBench {
  levels: ProxyLevel[];
  /** Bytes of the status answer each target returned (the same JSON, give or take headers). */
  bodyBytes: Record<TargetName, number>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
function stats(rounds: number[][]): LatencyStats {
  const all = rounds.flat().sort((a, b) => a - b);
  return {
    calls: all.length,
    p50Ms: round2(pct(all, 50)),
    p90Ms: round2(pct(all, 90)),
    roundP50Ms: rounds.map((r) => round2(pct([...r].sort((a, b) => a - b), 50))),
  };
}

interface Target {
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  agent: Agent;
}

function call(target: Target): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = httpRequest({ host: target.host, port: target.port, path: target.path, method: "GET", headers: target.headers, agent: target.agent }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => {
        const ms = performance.now() - start;
        if (res.statusCode !== 200) reject(new Error(`${target.port}${target.path}: HTTP ${res.statusCode}`));
        else resolve({ ms, bytes });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function measure(target: Target, concurrency: number, callsPerCaller: number): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < callsPerCaller; i++) samples.push((await call(target)).ms);
    }),
  );
  return samples;
}

async function submitDirect(engineUrl: string): Promise<string> {
  const { readFileSync } = await import("node:fs");
  const reference = `data:image/jpeg;base64,${readFileSync(path.join(ROOT, "tests/fixtures/mascot-reference.jpg")).toString("base64")}`;
  const headers = { authorization: `Key ${KEY}`, "content-type": "application/json" };
  const submitted = await fetch(`${engineUrl}/queue.fal.run/fal-ai/ideogram/character`, {
    method: "POST",
    headers,
    body: JSON.stringify({ prompt: "Ferris waves from a pier", reference_image_urls: [reference], image_size: { width: 256, height: 256 } }),
  });
  const { request_id } = (await submitted.json()) as { request_id: string };
  for (let i = 0; i < 200; i++) {
    const status = (await (await fetch(`${engineUrl}/queue.fal.run/fal-ai/ideogram/requests/${request_id}/status`, { headers })).json()) as { status: string };
    if (status.status === "COMPLETED") return request_id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the engine did not complete the request");
}

export async function benchProxy(): Promise<ProxyBench> {
  ensureBaselineBuilt();
  const engine = await startEngineProcess(KEY);
  const engineUrl = new URL(engine.url);
  const allowed = `${engineUrl.host}/queue.fal.run/fal-ai/ideogram/**`;
  const servers: ServerProcess[] = [engine];
  try {
    const stockPort = await freePort();
    const [ours, stockNext, stockNode] = await Promise.all([
      startServeProcess({ FAL_KEY: KEY, FAL_UPSTREAM_URL: engine.url, RATE_LIMIT_BURST: "100000000", RATE_LIMIT_PER_SECOND: "100000000" }),
      startBaselineApp({ FAL_KEY: KEY, STOCK_PROXY_ALLOWED_URL: allowed }),
      startNodeProcess([path.join(BASELINE_DIR, "stock-node-server.mjs")], { FAL_KEY: KEY, STOCK_PROXY_ALLOWED_URL: allowed, PORT: String(stockPort) }, `http://127.0.0.1:${stockPort}/`, "the stock node:http proxy"),
    ]);
    servers.push(ours, stockNext, stockNode);
    const id = await submitDirect(engine.url);
    const statusPath = `/fal-ai/ideogram/requests/${id}/status`;
    const userAgent = "castboard-proxy-bench";
    const make = (url: string, pathname: string, headers: Record<string, string>, sockets: number): Target => {
      const u = new URL(url);
      return { host: u.hostname, port: Number(u.port), path: pathname, headers: { "user-agent": userAgent, ...headers }, agent: new Agent({ keepAlive: true, maxSockets: sockets }) };
    };
    const targetsFor = (sockets: number): Record<TargetName, Target> => ({
      ours: make(ours.url, "/api/fal/proxy", { "x-fal-target-url": `https://queue.fal.run${statusPath}` }, sockets),
      stockNext: make(stockNext.url, "/api/fal/proxy", { "x-fal-target-url": `${engine.url}/queue.fal.run${statusPath}` }, sockets),
      stockNode: make(stockNode.url, "/api/fal/proxy", { "x-fal-target-url": `${engine.url}/queue.fal.run${statusPath}` }, sockets),
      direct: make(engine.url, `/queue.fal.run${statusPath}`, { authorization: `Key ${KEY}` }, sockets),
    });

    // Every server's code paths warm (JIT, Next's lazily loaded route modules) before anything counts.
    const warm = targetsFor(32);
    const bodyBytes = {} as Record<TargetName, number>;
    for (const name of TARGETS) {
      bodyBytes[name] = (await call(warm[name])).bytes;
      await measure(warm[name], 32, 10);
      await measure(warm[name], 1, 100);
    }
    for (const t of Object.values(warm)) t.agent.destroy();

    const levels: ProxyLevel[] = [];
    for (const concurrency of PROXY_LEVELS) {
      const targets = targetsFor(concurrency);
      const rounds: Record<TargetName, number[][]> = { ours: [], stockNext: [], stockNode: [], direct: [] };
      for (let r = 0; r < ROUNDS; r++) {
        const order = TARGETS.map((_, i) => TARGETS[(i + r) % TARGETS.length]!);
        for (const name of order) {
          await measure(targets[name], concurrency, 2);
          rounds[name].push(await measure(targets[name], concurrency, CALLS_PER_CALLER[concurrency]));
        }
      }
      for (const t of Object.values(targets)) t.agent.destroy();
      const s = { ours: stats(rounds.ours), stockNext: stats(rounds.stockNext), stockNode: stats(rounds.stockNode), direct: stats(rounds.direct) };
      levels.push({
        concurrency,
        ...s,
        ratio: round3(s.ours.p50Ms / s.stockNext.p50Ms),
        ratioNode: round3(s.ours.p50Ms / s.stockNode.p50Ms),
        addedMs: {
          ours: round2(s.ours.p50Ms - s.direct.p50Ms),
          stockNext: round2(s.stockNext.p50Ms - s.direct.p50Ms),
          stockNode: round2(s.stockNode.p50Ms - s.direct.p50Ms),
        },
      });
    }
    return { levels, bodyBytes };
  } finally {
    await Promise.all(servers.reverse().map((s) => s.stop()));
  }
}

const ms = (x: LatencyStats) => `${x.p50Ms} ms p50 / ${x.p90Ms} ms p90 (round medians ${Math.min(...x.roundP50Ms)}–${Math.max(...x.roundP50Ms)})`;

/** The proxy's rows for bench/REPORT.md, bench/report.json and the README. */
export function proxyResults(p: ProxyBench): ReportRow[] {
  return p.levels.map((l) => ({
    name: `Proxy: a queue status call through /api/fal/proxy to the standalone engine, concurrency ${l.concurrency} (${l.ours.calls} calls per target over ${ROUNDS} rounds)`,
    measured: `${ms(l.ours)}; ${l.ratio}× the stock handler in Next.js, ${l.ratioNode}× in plain node:http; adds ${l.addedMs.ours} ms to the direct call`,
    baseline: `stock createRouteHandler() in Next.js ${ms(l.stockNext)} (adds ${l.addedMs.stockNext} ms); the same in plain node:http ${ms(l.stockNode)} (adds ${l.addedMs.stockNode} ms); engine direct ${ms(l.direct)}`,
    goal: `p50 ≤ ${PROXY_RATIO_GOAL}× the stock handler (Next.js)`,
    pass: l.ratio <= PROXY_RATIO_GOAL,
  }));
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (invokedDirectly) {
  const { ensureBuilt } = await import("../scripts/build-if-needed.mjs");
  if (ensureBuilt().failed) throw new Error("build failed");
  const result = await benchProxy();
  console.log(JSON.stringify(result, null, 2));
  for (const row of proxyResults(result)) console.log(`${row.pass ? "✓" : "✗"} ${row.name}\n  ${row.measured}\n  baseline: ${row.baseline}\n  goal: ${row.goal}`);
}
