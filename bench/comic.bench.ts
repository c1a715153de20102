import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { inComicPage, openComicPage } from "../tests/support/comic-page";
import { largeComic } from "../tests/support/comic-fixtures";
import type { ReportRow } from "./board.bench";
import { startMainThreadRecorder, stopMainThreadRecorder } from "./main-thread";

/**
 * The print PDF at the size: 24 pages of 5 panels (120), each a 1024 × 1024 take with a
 * speech balloon, US comic trim with bleed: with JPEG takes, with opaque RGB PNG takes (passed
 * through), and with PNG takes that have an alpha channel (the slow case: each is decoded and
 * re-encoded). The real exporter runs in its worker in Chromium
 * (tests/support/comic-harness.ts); the baseline is the storyboard PDF of the same 120 panels and
 * images, built as the app builds it (in the page), in the same page and run.
 *
 *   wall   the export's start to the finished file (page clock), images already in memory
 *   main   the longest task on the page's main thread during the export (PerformanceObserver
 *          "longtask"), and the longest gap between animation frames
 *
 * Run alone with `npm run bench -- comic` or `npx tsx bench/comic.bench.ts`.
 */
export const COMIC_PAGES = 24;
export const COMIC_PANELS_PER_PAGE = 5;
export const COMIC_PDF_BUDGET_MS = 10_000;
export const COMIC_TASK_BUDGET_MS = 100;

export interface ComicPdfRun {
  wallMs: number;
  bytes: number;
  longestTaskMs: number;
  tasksOver100: number;
  maxFrameGapMs: number;
}

export interface ComicBench {
  comic: ComicPdfRun;
  /** The same comic whose takes are PNGs with an alpha channel (what a canvas writes): each is re-encoded. */
  comicPng: ComicPdfRun;
  /** The same comic whose takes are opaque RGB PNGs: their compressed pixels go in as they are. */
  comicRgbPng: ComicPdfRun;
  storyboard: ComicPdfRun;
}

async function measured(page: Page, run: () => Promise<{ ms: number; bytes: number }>): Promise<ComicPdfRun> {
  await startMainThreadRecorder(page);
  const result = await run();
  const recorded = await stopMainThreadRecorder(page);
  return {
    wallMs: Math.round(result.ms),
    bytes: result.bytes,
    longestTaskMs: Math.round(Math.max(0, ...recorded.tasks)),
    tasksOver100: recorded.tasks.filter((t) => t > COMIC_TASK_BUDGET_MS).length,
    maxFrameGapMs: Math.round(recorded.gap),
  };
}

export async function benchComic(browser: Browser): Promise<ComicBench> {
  const { page, close } = await openComicPage(browser);
  try {
    const comic = largeComic(COMIC_PAGES, COMIC_PANELS_PER_PAGE);
    const ids = comic.pages.flatMap((p) => p.frames.map((f) => f.panelId!));
    const specs = ids.map((id, i) => ({ id, width: 1024, height: 1024, hue: (i * 37) % 360 }));
    await inComicPage(page, "makeImages", specs, "image/jpeg");
    const comicRun = await measured(page, () => inComicPage(page, "pdfTimed", comic, true));
    const storyboard = await measured(page, () => inComicPage(page, "storyboardPdf", ids));
    await inComicPage(page, "makeImages", specs, "image/png");
    const comicPng = await measured(page, () => inComicPage(page, "pdfTimed", comic, true));
    await inComicPage(page, "makeImages", specs, "png-rgb");
    const comicRgbPng = await measured(page, () => inComicPage(page, "pdfTimed", comic, true));
    return { comic: comicRun, comicPng, comicRgbPng, storyboard };
  } finally {
    await close();
  }
}

export function comicResults({ comic, comicPng, comicRgbPng, storyboard }: ComicBench): ReportRow[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  return [
    {
      name: `Comic print PDF: ${COMIC_PAGES} pages, ${COMIC_PAGES * COMIC_PANELS_PER_PAGE} panels (1024² JPEGs), lettering, crop marks, in its worker`,
      measured: `${s(comic.wallMs)} (${mb(comic.bytes)})`,
      baseline: `${s(storyboard.wallMs)} (${mb(storyboard.bytes)}): the storyboard PDF of the same panels, 6 a page`,
      goal: `≤ ${s(COMIC_PDF_BUDGET_MS)}`,
      pass: comic.wallMs <= COMIC_PDF_BUDGET_MS,
    },
    {
      name: "Comic print PDF: the page during that export",
      measured: `longest main-thread task ${comic.longestTaskMs} ms (${comic.tasksOver100} over 100 ms), longest frame gap ${comic.maxFrameGapMs} ms`,
      baseline: `storyboard PDF (in the page): longest task ${storyboard.longestTaskMs} ms (${storyboard.tasksOver100} over 100 ms), frame gap ${storyboard.maxFrameGapMs} ms`,
      goal: `no task over ${COMIC_TASK_BUDGET_MS} ms`,
      pass: comic.tasksOver100 === 0,
    },
    {
      name: "Comic print PDF: the same comic with opaque RGB PNG takes (compressed pixels passed through)",
      measured: `${s(comicRgbPng.wallMs)} (${mb(comicRgbPng.bytes)}); longest main-thread task ${comicRgbPng.longestTaskMs} ms`,
      baseline: `${s(comic.wallMs)} with JPEG takes (above)`,
      goal: `≤ ${s(COMIC_PDF_BUDGET_MS)}; no task over ${COMIC_TASK_BUDGET_MS} ms`,
      pass: comicRgbPng.wallMs <= COMIC_PDF_BUDGET_MS && comicRgbPng.tasksOver100 === 0,
    },
    {
      name: "Comic print PDF: the same comic with PNG takes that carry an alpha channel (each re-encoded as a JPEG in the worker)",
      measured: `${s(comicPng.wallMs)} (${mb(comicPng.bytes)}); longest main-thread task ${comicPng.longestTaskMs} ms`,
      baseline: `${s(comic.wallMs)} with JPEG takes (above)`,
      goal: `≤ ${s(COMIC_PDF_BUDGET_MS)}; no task over ${COMIC_TASK_BUDGET_MS} ms`,
      pass: comicPng.wallMs <= COMIC_PDF_BUDGET_MS && comicPng.tasksOver100 === 0,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { launchChromium } = await import("../tests/support/browser");
  const browser = await launchChromium();
  try {
    const result = await benchComic(browser);
    console.log(JSON.stringify(result, null, 2));
    for (const row of comicResults(result)) console.log(`${row.pass ? "✓" : "✗"} ${row.name}\n  ${row.measured}\n  baseline: ${row.baseline}\n  goal: ${row.goal}`);
  } finally {
    await browser.close();
  }
}
