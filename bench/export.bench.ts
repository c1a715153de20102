import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { PDFDocument } from "pdf-lib";
import type { Browser, CDPSession, Page } from "playwright-core";
import { formatBytes } from "../lib/format-bytes";
import type { ReportRow } from "./board.bench";
import { putState, seedImages, seedProject, type PanelText } from "./seed";
import { analyzeTrace, betweenClicks, traceDuring, type ProfileEntry, type TraceSummary } from "./trace";
import { runStandalone } from "./standalone";
import { meanRounded, median } from "./stats";

/**
 * Export at scale, through the real UI: a 60-panel project (each panel a chosen take with a
 * 1024 × 576 JPEG and its thumbnail, a caption of about 200 characters, notes of about 300 and one
 * or two lines of dialogue) seeded into IndexedDB; the app loaded on it; then, per run, the board's
 * Export button, the format, the dialog's Export button, and the download.
 *
 *   wall       the click on the dialog's Export button to Playwright's download event (Node's clock),
 *              and the same click to the page's download link click (the page's clock)
 *   long tasks PerformanceObserver("longtask") in the page: tasks that overlap the export (click to download link)
 *   frames     the longest gap between requestAnimationFrame callbacks during the export
 *   trace      one extra run of each kind under Chromium's tracing with V8 sampling (not counted):
 *              the main thread's tasks, self time by function and by script, and what the longest
 *              task spent its time in
 *
 * The PDF (6 panels per page, landscape A4, the dialog's defaults) is opened with pdf-lib in Node
 * and must have at least 10 pages; the ZIP is unpacked and must hold the project and its images.
 *
 * Run alone with `npx tsx bench/export.bench.ts` (builds if needed, prints JSON).
 */
export const EXPORT_PANELS = 60;
export const PDF_BUDGET_MS = 5000;
export const ZIP_BUDGET_MS = 3000;
export const TASK_BUDGET_MS = 100;
const RUNS = 3;
const VIEWPORT = { width: 1366, height: 864 };

/** Each kind's label in the export dialog. */
const LABELS = { pdf: "PDF storyboard", bundle: "Project bundle (ZIP)" } as const;
type Kind = keyof typeof LABELS;

// Words for captions, notes and lines: every panel's text is different, as on a real board.
const PLACES = ["the station concourse", "a rain-soaked rooftop", "the night market", "the ferry deck", "an empty tram", "the old library", "a crowded stairwell", "the harbour wall"];
const ACTIONS = ["turns sharply", "stops dead", "ducks under a barrier", "pushes through the crowd", "glances at the clock", "drops the parcel", "catches her breath", "signals to the driver"];
const DETAILS = ["neon reflections ripple in the puddles", "a departure board flickers overhead", "steam rises from the food stalls", "the wind tears at the posters", "pigeons scatter from the railing", "a siren wails in the distance"];

/** Caption ~200, notes ~300 characters, one or two lines of dialogue (the second on every other panel). */
export const LONG_TEXT: PanelText = (i) => {
  const pick = <T>(list: readonly T[], k: number) => list[(i * 7 + k) % list.length]!;
  const caption = `Shot ${i + 1}. The courier ${pick(ACTIONS, 0)} in ${pick(PLACES, 1)} while ${pick(DETAILS, 2)}. She checks over her shoulder, sees the stranger from the previous shot and ${pick(ACTIONS, 3)}.`;
  const notes =
    `Camera: hold on her face for a beat before the move, then follow at shoulder height. Light: practicals only, keep the background soft. ` +
    `Sound: ${pick(DETAILS, 4)}; let it carry over the cut. Continuity: parcel in the left hand, scarf loose since shot ${Math.max(1, i)}. ` +
    `VFX: none. Timing about three seconds; trim to the glance.`;
  const dialogue = [{ id: randomUUID(), speakerId: null, text: `Not here. Meet me at ${pick(PLACES, 5)} in ten minutes.`, x: 0.28, y: 0.2 }];
  if (i % 2 === 1) dialogue.push({ id: randomUUID(), speakerId: null, text: "Who else knows about the parcel?", x: 0.7, y: 0.75 });
  return { caption, notes, dialogue };
};

/**
 * In-page helpers, installed before the app's scripts: long tasks from the document's start, and
 * a recorder of requestAnimationFrame times, the trusted click that starts the export and the
 * click on the download link the app makes. A string, not a function: tsx would wrap named inner
 * functions in a helper the page lacks.
 */
const PAGE_HELPERS = `(() => {
  if (window.castboardExport) return;
  const bench = { longTasks: [], frames: [], recording: false, clickAt: null, linkAt: null };
  window.castboardExport = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  document.addEventListener("click", (event) => {
    if (!bench.recording) return;
    const now = performance.now();
    const target = event.target;
    if (target instanceof HTMLAnchorElement && target.hasAttribute("download")) bench.linkAt ??= now;
    else if (event.isTrusted) bench.clickAt ??= now;
  }, true);
  bench.start = () => {
    bench.frames = [];
    bench.clickAt = null;
    bench.linkAt = null;
    bench.recording = true;
    const tick = (now) => {
      if (!bench.recording) return;
      bench.frames.push(now);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  bench.stop = () => {
    bench.recording = false;
    const end = performance.now();
    const from = bench.clickAt ?? end;
    const to = bench.linkAt ?? end;
    const tasks = bench.longTasks.filter((t) => t.start + t.duration > from && t.start < to).map((t) => t.duration);
    // Every interval between frames that overlaps the export, including the one the click falls in.
    let maxGap = 0;
    const times = [...bench.frames, end];
    for (let k = 1; k < times.length; k++) {
      if (times[k] > from && times[k - 1] < to) maxGap = Math.max(maxGap, times[k] - times[k - 1]);
    }
    return { clickAt: bench.clickAt, linkAt: bench.linkAt, tasks, maxGap, frames: bench.frames.filter((t) => t > from && t < to).length };
  };
})();`;

interface PageWindow {
  castboardExport: {
    start(): void;
    stop(): { clickAt: number | null; linkAt: number | null; tasks: number[]; maxGap: number; frames: number };
  };
}

export interface ExportRun {
  /** Click on the dialog's Export button to Playwright's download event, Node's clock. */
  wallMs: number;
  /** The same click to the app's download link click, the page's clock. */
  inPageMs: number;
  longestTaskMs: number;
  longTasks: number;
  tasksOver100: number;
  /** Longest interval between requestAnimationFrame callbacks during the export. */
  maxFrameGapMs: number;
  /** Main-thread time during the export (Chromium's TaskDuration counter). */
  busyMs: number;
  bytes: number;
}

export interface ExportSide {
  runs: ExportRun[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  worstTaskMs: number;
  worstGapMs: number;
  /** PDF: pages (the smallest over the runs); bundle: entries. */
  check: { ok: boolean; detail: string };
  /** An extra run, traced (not counted in the timings). */
  trace: TraceSummary;
}

export interface ExportBench {
  pdf: ExportSide;
  bundle: ExportSide;
  seed: { ms: number; imageBytes: number; thumbnailBytes: number; captionChars: number; notesChars: number; dialogueLines: string };
  loadMs: number;
  wallMs: number;
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

async function mainThread(cdp: CDPSession) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return get("TaskDuration");
}

/** One export through the dialog; returns its measures and the downloaded file's bytes. */
async function exportOnce(page: Page, cdp: CDPSession, kind: Kind, dir: string, trace = false): Promise<{ run: ExportRun; bytes: Uint8Array; trace?: TraceSummary }> {
  await cdp.send("HeapProfiler.collectGarbage");
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByTestId("export-dialog");
  await dialog.waitFor();
  await dialog.getByText(LABELS[kind], { exact: true }).click();
  const button = dialog.getByRole("button", { name: "Export", exact: true });
  const box = (await button.boundingBox())!;
  // Settle (the dialog's opening animation, the radio's repaint), then record.
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as unknown as PageWindow).castboardExport.start());
  const before = await mainThread(cdp);
  const clickToDownload = async () => {
    const downloaded = page.waitForEvent("download", { timeout: 60_000 });
    // The mouse straight at the button: no actionability waits between the clock and the click.
    const started = performance.now();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const download = await downloaded;
    return { download, wallMs: performance.now() - started };
  };
  let traced: TraceSummary | undefined;
  let measured: Awaited<ReturnType<typeof clickToDownload>>;
  if (trace) {
    const { result, events } = await traceDuring(page.context().browser()!, clickToDownload);
    measured = result;
    traced = analyzeTrace(events, betweenClicks);
  } else measured = await clickToDownload();
  const { download, wallMs } = measured;
  const after = await mainThread(cdp);
  // The observer reports a long task shortly after it ends.
  await page.waitForTimeout(100);
  const inPage = await page.evaluate(() => (window as unknown as PageWindow).castboardExport.stop());
  if (inPage.clickAt === null || inPage.linkAt === null) throw new Error(`the ${kind} export's click or download link was not seen in the page`);
  const file = path.join(dir, `${kind}-${randomUUID()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  const bytes = new Uint8Array(readFileSync(file));
  await dialog.getByTestId("export-done").waitFor({ timeout: 30_000 });
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  return {
    run: {
      wallMs: Math.round(wallMs),
      inPageMs: Math.round(inPage.linkAt - inPage.clickAt),
      longestTaskMs: Math.round(Math.max(0, ...inPage.tasks)),
      longTasks: inPage.tasks.length,
      tasksOver100: inPage.tasks.filter((t) => t > TASK_BUDGET_MS).length,
      maxFrameGapMs: round(inPage.maxGap),
      busyMs: Math.round((after - before) * 1000),
      bytes: bytes.length,
    },
    bytes,
    trace: traced,
  };
}

async function checkPdf(bytes: Uint8Array): Promise<number> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPageCount();
}

function checkBundle(bytes: Uint8Array): { entries: number; panels: number; images: number } {
  const files = unzipSync(bytes);
  const manifest = JSON.parse(strFromU8(files["project.json"]!)) as { project: { doc: { panels: unknown[] } }; images: unknown[] };
  return { entries: Object.keys(files).length, panels: manifest.project.doc.panels.length, images: manifest.images.length };
}

export async function benchExport(browser: Browser, appUrl: string): Promise<ExportBench> {
  const benchStart = Date.now();
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  const dir = mkdtempSync(path.join(tmpdir(), "castboard-export-bench-"));
  try {
    await context.addInitScript(PAGE_HELPERS);
    const page = await context.newPage();
    await page.goto(`${appUrl}/api/health`);
    const seedStart = Date.now();
    const refs = await seedImages(page, EXPORT_PANELS);
    const projectId = await seedProject(page, `Bench export: ${EXPORT_PANELS} panels`, refs, LONG_TEXT);
    await putState(page, [["last-project", projectId]]);
    const seedMs = Date.now() - seedStart;

    const loadStart = Date.now();
    await page.goto(appUrl);
    // The board's heading counts the panels; the first card's image is decoded.
    await page.waitForFunction((n) => document.querySelector("#board-heading span")?.textContent === String(n), EXPORT_PANELS, { timeout: 30_000 });
    await page.waitForFunction(() => (document.querySelector('[data-testid="panel-card"] img') as HTMLImageElement | null)?.complete === true, null, { timeout: 30_000 });
    const loadMs = Date.now() - loadStart;
    await page.waitForTimeout(500);

    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const runs: Record<Kind, ExportRun[]> = { pdf: [], bundle: [] };
    const pdfPages: number[] = [];
    const bundles: ReturnType<typeof checkBundle>[] = [];
    // Interleaved, so drift on a shared machine lands on both kinds.
    for (let r = 0; r < RUNS; r++) {
      for (const kind of ["pdf", "bundle"] as const) {
        const { run, bytes } = await exportOnce(page, cdp, kind, dir);
        runs[kind].push(run);
        if (kind === "pdf") pdfPages.push(await checkPdf(bytes));
        else bundles.push(checkBundle(bytes));
      }
    }
    const traces = {
      pdf: (await exportOnce(page, cdp, "pdf", dir, true)).trace!,
      bundle: (await exportOnce(page, cdp, "bundle", dir, true)).trace!,
    };

    const images = refs.length * 2;
    const side = (kind: Kind, check: ExportSide["check"]): ExportSide => {
      const walls = runs[kind].map((r) => r.wallMs);
      return {
        runs: runs[kind],
        medianMs: median(walls),
        minMs: Math.min(...walls),
        maxMs: Math.max(...walls),
        worstTaskMs: Math.max(...runs[kind].map((r) => r.longestTaskMs)),
        worstGapMs: Math.max(...runs[kind].map((r) => r.maxFrameGapMs)),
        check,
        trace: traces[kind],
      };
    };
    const minPages = Math.min(...pdfPages);
    const bundleOk = bundles.every((b) => b.panels === EXPORT_PANELS && b.images === images && b.entries === images + 1);
    const lineCounts = Array.from({ length: EXPORT_PANELS }, (_, i) => LONG_TEXT(i).dialogue.length);
    const avg = (f: (i: number) => number) => Math.round(Array.from({ length: EXPORT_PANELS }, (_, i) => f(i)).reduce((a, b) => a + b, 0) / EXPORT_PANELS);
    return {
      pdf: side("pdf", { ok: minPages >= Math.ceil(EXPORT_PANELS / 6), detail: `${pdfPages.join(", ")} pages` }),
      bundle: side("bundle", {
        ok: bundleOk,
        detail: `${bundles[0]!.entries} entries: project.json with ${bundles[0]!.panels} panels, ${bundles[0]!.images} images${bundleOk ? "" : " (EXPECTED " + (images + 1) + " entries)"}`,
      }),
      seed: {
        ms: seedMs,
        imageBytes: meanRounded(refs.map((r) => r.image.bytes)),
        thumbnailBytes: meanRounded(refs.map((r) => r.thumbnail.bytes)),
        captionChars: avg((i) => LONG_TEXT(i).caption.length),
        notesChars: avg((i) => LONG_TEXT(i).notes.length),
        dialogueLines: `${Math.min(...lineCounts)}–${Math.max(...lineCounts)}`,
      },
      loadMs,
      wallMs: Date.now() - benchStart,
    };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (s: ExportSide) => `${secs(s.medianMs)} median (${s.runs.map((r) => secs(r.wallMs)).join(", ")}; spread ${secs(s.maxMs - s.minMs)})`;
const taskSummary = (s: ExportSide) => {
  const over = s.runs.map((r) => r.tasksOver100);
  return `longest main-thread task ${s.worstTaskMs} ms (per run ${s.runs.map((r) => r.longestTaskMs).join(", ")}), over ${TASK_BUDGET_MS} ms: ${over.join(", ")}; longest gap between frames ${s.worstGapMs} ms (${s.runs.map((r) => r.maxFrameGapMs).join(", ")})`;
};
/** Functions with names that survive minification (methods, longer names): what a reader can recognise. */
const named = (list: ProfileEntry[], count: number) =>
  list
    .filter((e) => e.name.length > 3 && !e.name.startsWith("("))
    .slice(0, count)
    .map((e) => `${e.name} ${e.pct}%`)
    .join(", ");
const profileSummary = (s: ExportSide) => {
  const t = s.trace;
  const gc = t.top.find((e) => e.name === "(garbage collector)")?.pct ?? 0;
  return (
    `Traced extra run (${t.windowMs} ms): longest task ${t.longestTaskMs} ms (${t.longestTask.jsPct}% JavaScript, ${t.longestTask.gcPct}% GC), ${t.tasksOver100} over ${TASK_BUDGET_MS} ms; ` +
    `in the longest task: ${named(t.longestTask.inclusive, 8) || "no named function"}; self time over the export: ${named(t.top, 5)}, GC ${gc}%`
  );
};

/** The export's rows for bench/REPORT.md, bench/report.json and the README. */
export function exportResults({ pdf, bundle, seed }: ExportBench): ReportRow[] {
  const project = `${EXPORT_PANELS}-panel project (1024 × 576 JPEG of ${formatBytes(seed.imageBytes)} + thumbnail each, ~${seed.captionChars}-char captions, ~${seed.notesChars}-char notes, ${seed.dialogueLines} lines of dialogue)`;
  const mainThreadOk = (s: ExportSide) => s.runs.every((r) => r.tasksOver100 === 0 && r.maxFrameGapMs <= TASK_BUDGET_MS);
  const inPage = (s: ExportSide) => `in the page, click to download link ${median(s.runs.map((r) => r.inPageMs))} ms median; main thread busy ${median(s.runs.map((r) => r.busyMs))} ms`;
  return [
    {
      name: `Export a ${project} as PDF, 6 panels per page, landscape A4, through the dialog: click on Export to the download`,
      measured: `${spread(pdf)}; ${inPage(pdf)}; ${pdf.check.detail}${pdf.check.ok ? "" : " (EXPECTED ≥ 10)"}`,
      baseline: `the ZIP bundle of the same project: ${secs(bundle.medianMs)}`,
      goal: `≤ ${PDF_BUDGET_MS / 1000} s, ≥ 10 pages`,
      pass: pdf.medianMs <= PDF_BUDGET_MS && pdf.check.ok,
    },
    {
      name: `PDF export of the ${EXPORT_PANELS}-panel project: main thread`,
      measured: `${taskSummary(pdf)}. ${profileSummary(pdf)}`,
      baseline: `the ZIP bundle: longest task ${bundle.worstTaskMs} ms, longest frame gap ${bundle.worstGapMs} ms`,
      goal: `never blocked > ${TASK_BUDGET_MS} ms (no long task, no frame gap over ${TASK_BUDGET_MS} ms)`,
      pass: mainThreadOk(pdf),
    },
    {
      name: `Export the ${EXPORT_PANELS}-panel project as a ZIP bundle through the dialog: click on Export to the download`,
      measured: `${spread(bundle)}; ${inPage(bundle)}; ${bundle.check.detail}`,
      baseline: `${formatBytes(EXPORT_PANELS * (seed.imageBytes + seed.thumbnailBytes))} of images to read, hash and store`,
      goal: `≤ ${ZIP_BUDGET_MS / 1000} s, complete`,
      pass: bundle.medianMs <= ZIP_BUDGET_MS && bundle.check.ok,
    },
    {
      name: `ZIP bundle export of the ${EXPORT_PANELS}-panel project: main thread`,
      measured: `${taskSummary(bundle)}. ${profileSummary(bundle)}`,
      baseline: `one frame: ${round(1000 / 60)} ms`,
      goal: `never blocked > ${TASK_BUDGET_MS} ms (no long task, no frame gap over ${TASK_BUDGET_MS} ms)`,
      pass: mainThreadOk(bundle),
    },
  ];
}

await runStandalone(import.meta.url, benchExport, exportResults);
