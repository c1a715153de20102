import os from "node:os";
import sharp from "sharp";
import { Agent, fetch } from "undici";
import { sha256Hex } from "../lib/server/objects/object-store";
import { snapshotPanel, type PanelImage } from "../tests/support/review-fixtures";
import { publishOverHttp } from "../tests/support/review-http";
import { startPostgres } from "../tests/support/postgres";
import { RssSampler, startServeProcess } from "./load-processes";

/**
 * `npm run load -- --scenario review`: reviewers reading one 60-panel review on the production
 * build, its database a real Postgres server of its own (Debian's, as the tests start it).
 *
 *   setup   the board published through the author routes (60 distinct 1280 × 720 JPEGs), with
 *           120 comments and a status per panel from three reviewers
 *   reader  each of READERS reviewers arrives within the first 5 s and opens the page (its HTML
 *           holds the board and the threads, then the first screen's 12 images), then every ~2 s
 *           (1.5–2.5 s) scrolls on: 4 more images load lazily, and every other step (~4 s, a
 *           little more often than the page's own 5 s refresh) the threads are asked for again
 *           with the ETag of the last answer, the first time the one in the page, as the page
 *           does (one poll in ten for an older version); six connections per reader, as a
 *           browser has per host
 *   warm-up one reviewer's first screen, twice, before the runs (each route's code loads on its
 *           first call)
 *   runs    two runs of DURATION s in a row against the same server; the app's RSS sampled from
 *           /proc and compared at rest after each
 *
 * Passes when there is no error, the p99 of every kind of call is under 200 ms, and the app's RSS
 * after run 2 is within 10 % of run 1's.
 */
const P99_BUDGET_MS = 200;
const RSS_TOLERANCE = 0.1;
const PANELS = 60;
const KINDS = ["page", "activity", "image"] as const;
const ARRIVAL_S = 5;
/** Images load lazily: those of the first screen, then a few more at each step as the reviewer scrolls. */
const FIRST_SCREEN_IMAGES = 12;
const IMAGES_PER_STEP = 4;
const READ_STEP_MS = 2000;
/** The review page refreshes its threads every 5 s while it is shown. */
const REFRESH_EVERY_STEPS = 2;
type Kind = (typeof KINDS)[number];

export interface ReviewLoadOptions {
  durationS: number;
  readers: number;
}

interface ReviewRun {
  label: string;
  calls: Record<Kind, { count: number; p50Ms: number; p99Ms: number; maxMs: number }>;
  throughputRps: number;
  errors: Record<string, number>;
  rssPeakMb: number;
}

export interface ReviewLoadReport {
  date: string;
  machine: string;
  options: ReviewLoadOptions;
  runs: ReviewRun[];
  rss: { afterSetupMb: number; afterRun1Mb: number; afterRun2Mb: number; growthPct: number; ok: boolean };
  ok: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? round1(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!) : 0;
};

async function panelPhoto(i: number): Promise<PanelImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="1280" height="720" fill="hsl(${(i * 37) % 360} 45% 60%)"/><circle cx="${200 + i * 15}" cy="360" r="180" fill="hsl(${(i * 53) % 360} 60% 35%)"/><text x="60" y="660" font-size="90" fill="#fff">Shot ${i + 1}</text></svg>`;
  const bytes = new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer());
  return { bytes, type: "image/jpeg", hash: sha256Hex(bytes) };
}

async function seedReview(appUrl: string): Promise<{ token: string; hashes: string[] }> {
  const images = await Promise.all(Array.from({ length: PANELS }, (_, i) => panelPhoto(i)));
  const panels = images.map((image, i) => ({ ...snapshotPanel(`panel-${i + 1}`, image, `Shot ${i + 1}: the harbour at dawn`), image: { hash: image.hash, type: image.type, width: 1280, height: 720, bytes: image.bytes.byteLength } }));
  const snapshot = { title: "Load test board", panels };
  const first = await publishOverHttp(appUrl, { projectId: "load", snapshot, images });
  await publishOverHttp(appUrl, { projectId: "load", shareId: first.shareId, snapshot: { ...snapshot, title: "Load test board, v2" }, images });
  const token = first.token!;
  // Each comment from its own address (the app trusts one proxy here), so the per-client limit lets all through.
  let client = 0;
  const post = async (path: string, method: string, body: unknown) => {
    client += 1;
    const forwardedFor = `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
    const response = await fetch(`${appUrl}/api/review/${token}/${path}`, { method, headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`Seeding the review: ${method} ${path} answered ${response.status} ${await response.text()}`);
  };
  for (const [r, name] of ["Ines", "Tomás", "Aiko"].entries()) {
    for (let i = 0; i < PANELS; i++) {
      if ((i + r) % 3 !== 0) await post("comments", "POST", { version: 2, panelId: `panel-${i + 1}`, name, body: `Note ${r}.${i}: a little wider, and warmer light on the left.` });
      await post("statuses", "PUT", { version: 2, panelId: `panel-${i + 1}`, name, status: i % 5 === 0 ? "changes_requested" : "approved" });
    }
  }
  return { token, hashes: images.map((image) => image.hash) };
}

/**
 * One reviewer's first screen, read before the runs: the server loads each route's code on its
 * first call, which a server that has been up for a while has long done. The runs measure the
 * app serving, not starting.
 */
async function warmUp(appUrl: string, token: string, hashes: string[]): Promise<void> {
  const paths = [`/review/${token}`, `/api/review/${token}/activity?version=2`, ...hashes.slice(0, FIRST_SCREEN_IMAGES).map((hash) => `/api/review/${token}/images/${hash}`)];
  for (let i = 0; i < 2; i++) for (const path of paths) await (await fetch(`${appUrl}${path}`)).arrayBuffer();
}

async function readerRun(label: string, appUrl: string, token: string, hashes: string[], o: ReviewLoadOptions, sampler: RssSampler): Promise<ReviewRun> {
  const latencies: Record<Kind, number[]> = { page: [], activity: [], image: [] };
  const errors: Record<string, number> = {};
  const startedAt = Date.now();
  const endAt = startedAt + o.durationS * 1000;
  const call = async (dispatcher: Agent, kind: Kind, path: string, etags?: Map<string, string>): Promise<string> => {
    const sentAt = performance.now();
    try {
      const held = etags?.get(path);
      const response = await fetch(`${appUrl}${path}`, { dispatcher, headers: held ? { "if-none-match": held } : {} });
      const body = await response.text();
      latencies[kind].push(performance.now() - sentAt);
      const etag = response.headers.get("etag");
      if (etags && etag) etags.set(path, etag);
      return body;
      if (!response.ok && response.status !== 304) errors[`HTTP ${response.status} (${kind})`] = (errors[`HTTP ${response.status} (${kind})`] ?? 0) + 1;
    } catch (error) {
      const key = `${(error as { cause?: { code?: string } }).cause?.code ?? "network"} (${kind})`;
      errors[key] = (errors[key] ?? 0) + 1;
    }
    return "";
  };
  const reader = async (n: number) => {
    // A browser's own connections (six per host), opened for this run and closed after it.
    const dispatcher = new Agent({ connections: 6 });
    const etags = new Map<string, string>();
    const images = (from: number, count: number) =>
      Promise.all(hashes.slice(from, from + count).map((hash) => call(dispatcher, "image", `/api/review/${token}/images/${hash}`)));
    // Arrivals spread over the first ARRIVAL_S, as people opening a shared link do.
    await sleep((n / o.readers) * ARRIVAL_S * 1000);
    const page = await call(dispatcher, "page", `/review/${token}`);
    // The page polls with the ETag of the activity it was rendered with.
    const rendered = /data-activity-etag="([^"]+)"/.exec(page)?.[1]?.replaceAll("&quot;", '"');
    if (rendered) etags.set(`/api/review/${token}/activity?version=2`, rendered);
    let loaded = FIRST_SCREEN_IMAGES;
    await images(0, loaded);
    for (let read = 0; Date.now() < endAt; read++) {
      await sleep(READ_STEP_MS * (0.75 + Math.random() / 2));
      if (Date.now() >= endAt) break;
      // Scrolling on: the next images load lazily, and every other step the page refreshes its threads.
      const refresh = read % REFRESH_EVERY_STEPS === 1 ? call(dispatcher, "activity", `/api/review/${token}/activity?version=${read % 10 === 9 ? 1 : 2}`, etags) : undefined;
      await Promise.all([refresh, images(loaded, IMAGES_PER_STEP)]);
      loaded += IMAGES_PER_STEP;
    }
    await dispatcher.close();
  };
  await Promise.all(Array.from({ length: o.readers }, (_, n) => reader(n)));
  const seconds = (Date.now() - startedAt) / 1000;
  const all = KINDS.reduce((sum, kind) => sum + latencies[kind].length, 0);
  const calls = Object.fromEntries(
    KINDS.map((kind) => [kind, { count: latencies[kind].length, p50Ms: percentile(latencies[kind], 50), p99Ms: percentile(latencies[kind], 99), maxMs: percentile(latencies[kind], 100) }]),
  ) as ReviewRun["calls"];
  return { label, calls, throughputRps: round1(all / seconds), errors, rssPeakMb: sampler.peak(startedAt) };
}

export async function runReviewLoad(o: ReviewLoadOptions): Promise<ReviewLoadReport> {
  const database = await startPostgres();
  const app = await startServeProcess({ DATABASE_URL: database.url, TRUST_PROXY: "1" });
  const sampler = new RssSampler(app.pid);
  try {
    const { token, hashes } = await seedReview(app.url);
    await warmUp(app.url, token, hashes);
    await sleep(2000);
    const afterSetupMb = sampler.settled();
    const run1 = await readerRun("run 1", app.url, token, hashes, o, sampler);
    await sleep(5000);
    const afterRun1Mb = sampler.settled();
    const run2 = await readerRun("run 2", app.url, token, hashes, o, sampler);
    await sleep(5000);
    const afterRun2Mb = sampler.settled();
    const growthPct = round1(((afterRun2Mb - afterRun1Mb) / afterRun1Mb) * 100);
    const rss = { afterSetupMb, afterRun1Mb, afterRun2Mb, growthPct, ok: afterRun2Mb - afterRun1Mb <= afterRun1Mb * RSS_TOLERANCE };
    const runOk = (run: ReviewRun) => Object.keys(run.errors).length === 0 && KINDS.every((kind) => run.calls[kind].p99Ms < P99_BUDGET_MS);
    return {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end`,
      options: o,
      runs: [run1, run2],
      rss,
      ok: runOk(run1) && runOk(run2) && rss.ok,
    };
  } finally {
    sampler.stop();
    await app.stop();
    await database.stop();
  }
}

export function reviewLoadMarkdown(r: ReviewLoadReport): string {
  const errors = (run: ReviewRun) => (Object.keys(run.errors).length ? Object.entries(run.errors).map(([k, n]) => `${k}: ${n}`).join("; ") : "none");
  const cell = (run: ReviewRun, kind: Kind) => `${run.calls[kind].count} · ${run.calls[kind].p50Ms} / ${run.calls[kind].p99Ms} ms`;
  return [
    "# Castboard review load test",
    "",
    `Measured ${r.date.slice(0, 19).replace("T", " ")} UTC on ${r.machine}. ${r.options.readers} reviewers reading a ${PANELS}-panel review (with comments and statuses) for ${r.options.durationS} s, twice, production build on a real Postgres; loopback only.`,
    "",
    "| Run | Page: calls · p50 / p99 | Threads poll | Images | Throughput | Errors | App peak RSS |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...r.runs.map((run) => `| ${run.label} | ${cell(run, "page")} | ${cell(run, "activity")} | ${cell(run, "image")} | ${run.throughputRps} req/s | ${errors(run)} | ${run.rssPeakMb} MB |`),
    "",
    `Budget: p99 of every call under ${P99_BUDGET_MS} ms, no errors. App RSS at rest: ${r.rss.afterSetupMb} MB after setup, ${r.rss.afterRun1Mb} MB after run 1, ${r.rss.afterRun2Mb} MB after run 2 (${r.rss.growthPct >= 0 ? "+" : ""}${r.rss.growthPct}%, tolerance ${RSS_TOLERANCE * 100}%).`,
    "",
    r.ok ? "Result: ✓ within budget, RSS steady." : "Result: ✗ see above.",
  ].join("\n");
}
