import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { drawDraftPanels } from "@/lib/offline/draw-panel";
import { sniffImageType } from "@/lib/images/sniff";
import type { ReportRow } from "./board.bench";

/**
 * The offline engine's drawing: one 1024 × 1024 draft panel from the real mascot reference
 * (`tests/fixtures/mascot-reference.jpg`, 1200 × 807 JPEG) and the real painted mask that ships
 * with it (`public/samples/ferris-mask.png`, the mask "Add sample character" installs), calling
 * `drawDraftPanels` directly as the engine's queue does, in this process.
 *
 *   cold   every run is a reference the engine has not seen: the JPEG gets a unique comment
 *          segment (same pixels, new bytes), so the engine's cut-out cache misses and the run
 *          decodes the reference and the mask and cuts the character out, as for the first
 *          panel of a character
 *   warm   the same reference and mask every run: the cut-out comes from the engine's cache, as
 *          for every later panel of a storyboard
 *   base   sharp alone decoding the same reference and resizing it to 1024 × 1024 (raw pixels
 *          out, no encode), each run with unique bytes too so libvips' operation cache cannot
 *          answer it
 *
 * Each set runs RUNS times after WARMUP uncounted runs; seeds 1..RUNS, so the set covers as
 * many different scenes (sky, terrain, overlays) as the engine would draw for a storyboard.
 *
 * Run alone with `npx tsx bench/engine.bench.ts` (prints JSON and the report rows).
 */
export const ENGINE_SIDE = 1024;
export const ENGINE_BUDGET_P50_MS = 150;
const RUNS = 20;
const WARMUP = 2;
const ROOT = path.resolve(import.meta.dirname, "..");
const PROMPT = "Ferris waves from a pier at sunset, gulls overhead";

export interface Timings {
  samples: number[];
  p50Ms: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
}

export interface EngineBench {
  /** Unique reference bytes each run: decode, mask, cut-out and drawing. */
  cold: Timings;
  /** The cut-out from the engine's cache: drawing only. */
  warm: Timings;
  /** sharp decoding the reference and resizing it to 1024², nothing else. */
  decodeResize: Timings;
  side: number;
  runs: number;
  /** Bytes of the PNG a cold run returned, as a check that it drew something real. */
  pngBytes: number;
  machine: { cores: number; sharpThreads: number; uvThreadpool: number; loadAverage: number };
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function timings(samples: number[]): Timings {
  return {
    samples: samples.map(round1),
    p50Ms: round1(percentile(samples, 50)),
    p90Ms: round1(percentile(samples, 90)),
    minMs: round1(Math.min(...samples)),
    maxMs: round1(Math.max(...samples)),
  };
}

/** The same JPEG with a COM segment right after SOI: identical pixels, bytes no cache has seen. */
function withComment(jpeg: Buffer, text: string): Buffer {
  if (sniffImageType(jpeg) !== "image/jpeg") throw new Error("not a JPEG");
  const payload = Buffer.from(text, "latin1");
  const segment = Buffer.alloc(4 + payload.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  payload.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

async function timed(run: (i: number) => Promise<unknown>, count: number, warmup: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await run(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

let unique = 0;
const fresh = (reference: Buffer) => withComment(reference, `castboard-bench ${process.pid} ${Date.now()} ${unique++}`);

export async function benchEngine(options: { runs?: number } = {}): Promise<EngineBench> {
  const runs = options.runs ?? RUNS;
  const reference = readFileSync(path.join(ROOT, "tests/fixtures/mascot-reference.jpg"));
  const mask = readFileSync(path.join(ROOT, "public/samples/ferris-mask.png"));
  const draw = (ref: Buffer, seed: number) =>
    drawDraftPanels({ reference: ref, mask, prompt: PROMPT, seed: Math.max(0, seed), width: ENGINE_SIDE, height: ENGINE_SIDE, count: 1 });

  const [check] = await draw(fresh(reference), 0);
  const meta = await sharp(check!).metadata();
  if (meta.width !== ENGINE_SIDE || meta.height !== ENGINE_SIDE) throw new Error(`drew ${meta.width} × ${meta.height}, not ${ENGINE_SIDE}²`);

  const decodeResize = await timed(
    () => sharp(fresh(reference)).resize(ENGINE_SIDE, ENGINE_SIDE).raw().toBuffer(),
    runs,
    WARMUP,
  );
  const cold = await timed((i) => draw(fresh(reference), i + 1), runs, WARMUP);
  // One draw fills the cache with this exact reference; every measured run then hits it.
  const cached = fresh(reference);
  const warm = await timed((i) => draw(cached, i + 1), runs, WARMUP);

  return {
    cold: timings(cold),
    warm: timings(warm),
    decodeResize: timings(decodeResize),
    side: ENGINE_SIDE,
    runs,
    pngBytes: check!.length,
    machine: {
      cores: os.cpus().length,
      sharpThreads: sharp.concurrency(),
      uvThreadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
      loadAverage: round1(os.loadavg()[0]!),
    },
  };
}

/** The engine's rows for bench/REPORT.md, bench/report.json and the README. */
export function engineResults(e: EngineBench): ReportRow[] {
  const t = (x: Timings) => `${x.p50Ms} ms p50, ${x.p90Ms} ms p90 (${x.minMs}–${x.maxMs}, ${x.samples.length} runs)`;
  const base = `${e.decodeResize.p50Ms} ms p50, ${e.decodeResize.p90Ms} ms p90: sharp decoding the reference and resizing it to ${e.side}² alone`;
  return [
    {
      name: `Offline engine: one ${e.side} × ${e.side} draft panel from the mascot reference (1200 × 807 JPEG) and its painted mask, first panel of a character (decode, mask, cut-out, scene, PNG)`,
      measured: `${t(e.cold)}; ${e.machine.cores} cores, libvips on ${e.machine.sharpThreads} thread${e.machine.sharpThreads === 1 ? "" : "s"} (sharp's default here)`,
      baseline: base,
      goal: `p50 ≤ ${ENGINE_BUDGET_P50_MS} ms`,
      pass: e.cold.p50Ms <= ENGINE_BUDGET_P50_MS,
    },
    {
      name: `Offline engine: the same panel with the character's cut-out cached (every later panel of a storyboard)`,
      measured: t(e.warm),
      baseline: base,
      goal: `p50 ≤ ${ENGINE_BUDGET_P50_MS} ms`,
      pass: e.warm.p50Ms <= ENGINE_BUDGET_P50_MS,
    },
  ];
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (invokedDirectly) {
  const result = await benchEngine();
  console.log(JSON.stringify(result, null, 2));
  for (const row of engineResults(result)) console.log(`${row.pass ? "✓" : "✗"} ${row.name}\n  ${row.measured}\n  baseline: ${row.baseline}\n  goal: ${row.goal}`);
}
