import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { DEFAULT_VIDEO_OPTIONS, type VideoOptions } from "../lib/animatic/video/options";
import type { BoardSpec } from "../tests/support/video-harness";
import { openVideoPage, type VideoHarness } from "../tests/support/video-page";
import type { ReportRow } from "./board.bench";
import { startMainThreadRecorder, stopMainThreadRecorder } from "./main-thread";

/**
 * Animatic video export at the size: 60 panels of 3 s (3 minutes) from 1024 × 576 images,
 * 1280 × 720 at 24 fps, MP4 (H.264), every panel pushing in and crossfading into the next; the
 * baseline is the same board without camera moves, in the same page. The real exporter and worker
 * run in Chromium (tests/support/video-harness.ts); the file is read back to check its frames.
 *
 *   wall       exportVideo's start to the finished file (page clock), images already in memory
 *   main       the longest task on the page's main thread during the export (PerformanceObserver
 *              "longtask"), and the longest gap between animation frames
 *   heap       the page's JS heap after a forced GC, before and after the export
 *
 * Run alone with `npm run bench -- animatic` or `npx tsx bench/animatic.bench.ts`.
 */
export const ANIMATIC_PANELS = 60;
export const ANIMATIC_BUDGET_MS = 36_000;
export const ANIMATIC_TASK_BUDGET_MS = 100;
export const ANIMATIC_HEAP_BUDGET_MB = 50;

const board = (move: "push-in" | "none"): BoardSpec => ({
  shots: Array.from({ length: ANIMATIC_PANELS }, () => ({ durationSec: 3, move, transition: "crossfade" as const, transitionSec: 0.5 })),
});
const OPTIONS: VideoOptions = { ...DEFAULT_VIDEO_OPTIONS, container: "mp4", resolution: 720, fps: 24, burnIns: { balloons: false, captions: false, slate: false, titleCard: false } };

export interface AnimaticRun {
  wallMs: number;
  frames: number;
  fps: number;
  bytes: number;
  longestTaskMs: number;
  tasksOver100: number;
  maxFrameGapMs: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  error: string | null;
}

export interface AnimaticBench {
  moves: AnimaticRun;
  still: AnimaticRun;
}

function inPage<R>(page: Page, run: string, arg?: unknown): Promise<R> {
  return page.evaluate(([source, a]) => new Function("h", "a", `return (${source})(h, a)`)((window as unknown as { videoHarness: VideoHarness }).videoHarness, a) as Promise<R>, [run, arg] as const);
}

async function runOnce(page: Page, move: "push-in" | "none"): Promise<AnimaticRun> {
  await inPage(page, "(h, a) => h.makeBoard(a)", board(move));
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    return usedSize / 2 ** 20;
  };
  const heapBeforeMb = await heap();
  await startMainThreadRecorder(page);
  const result = await inPage<Awaited<ReturnType<VideoHarness["runExport"]>>>(page, "(h, a) => h.runExport(a)", OPTIONS);
  const recorded = await stopMainThreadRecorder(page);
  const file = await inPage<{ frames: number }>(page, "(h) => h.describeFile()");
  // The file is read back above; what is left of it is the harness's one reference, dropped here.
  await page.evaluate(() => (window as unknown as { videoHarness: VideoHarness }).videoHarness.makeBoard({ shots: [] }));
  const heapAfterMb = await heap();
  await cdp.detach();
  return {
    wallMs: Math.round(result.ms),
    frames: file.frames,
    fps: Math.round((file.frames / result.ms) * 1000),
    bytes: result.bytes,
    longestTaskMs: Math.round(Math.max(0, ...recorded.tasks)),
    tasksOver100: recorded.tasks.filter((t) => t > ANIMATIC_TASK_BUDGET_MS).length,
    maxFrameGapMs: Math.round(recorded.gap),
    heapBeforeMb: Math.round(heapBeforeMb),
    heapAfterMb: Math.round(heapAfterMb),
    error: result.error,
  };
}

export async function benchAnimatic(browser: Browser): Promise<AnimaticBench> {
  const { page, close } = await openVideoPage(browser);
  try {
    const moves = await runOnce(page, "push-in");
    const still = await runOnce(page, "none");
    return { moves, still };
  } finally {
    await close();
  }
}

export function animaticResults({ moves, still }: AnimaticBench): ReportRow[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    {
      name: `Animatic video: ${ANIMATIC_PANELS} panels × 3 s at 1280 × 720, 24 fps, MP4, push-ins and crossfades`,
      measured: moves.error ?? `${s(moves.wallMs)} (${moves.fps} frames/s, ${moves.frames} frames, ${(moves.bytes / 2 ** 20).toFixed(1)} MB)`,
      baseline: still.error ?? `${s(still.wallMs)} (${still.fps} frames/s): the same board without camera moves`,
      goal: `≤ ${s(ANIMATIC_BUDGET_MS)}`,
      pass: !moves.error && moves.wallMs <= ANIMATIC_BUDGET_MS,
    },
    {
      name: "Animatic video: the page during that export",
      measured: `longest main-thread task ${moves.longestTaskMs} ms (${moves.tasksOver100} over 100 ms), longest frame gap ${moves.maxFrameGapMs} ms; heap ${moves.heapBeforeMb} MB before, ${moves.heapAfterMb} MB after`,
      baseline: `without moves: longest task ${still.longestTaskMs} ms, heap ${still.heapBeforeMb} → ${still.heapAfterMb} MB`,
      goal: `no task over ${ANIMATIC_TASK_BUDGET_MS} ms; heap after within ${ANIMATIC_HEAP_BUDGET_MB} MB of before`,
      pass: moves.tasksOver100 === 0 && moves.heapAfterMb - moves.heapBeforeMb <= ANIMATIC_HEAP_BUDGET_MB,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { launchChromium } = await import("../tests/support/browser");
  const browser = await launchChromium();
  try {
    const result = await benchAnimatic(browser);
    console.log(JSON.stringify(result, null, 2));
    for (const row of animaticResults(result)) console.log(`${row.pass ? "✓" : "✗"} ${row.name}\n  ${row.measured}\n  baseline: ${row.baseline}\n  goal: ${row.goal}`);
  } finally {
    await browser.close();
  }
}
