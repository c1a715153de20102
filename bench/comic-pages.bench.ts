import type { Browser, Page } from "playwright-core";
import { DEFAULT_COMIC } from "../lib/comic/comic-schema";
import { autoTemplates } from "../lib/comic/flow";
import type { ProjectDoc } from "../lib/state/persistence";
import type { ReportRow } from "./board.bench";
import { putState, seedImages, seedProject } from "./seed";
import { runStandalone } from "./standalone";
import { distribution, median } from "./stats";

/**
 * The Pages view at scale: a 24-page comic of 120 panels, each with a real image and thumbnail in
 * IndexedDB, beside a 2-page comic of 10 in the same browser and run.
 *
 *   open   Board → Pages clicked to every page in the DOM and every frame on screen showing its decoded image
 *   pan    a selected frame's image dragged for 120 pointer moves, one per frame: frame intervals
 *
 * Run alone with `npx tsx bench/comic-pages.bench.ts` (builds if needed, prints JSON).
 */
export const COMIC_PANELS = 120;
const BASELINE_COMIC_PANELS = 10;
export const OPEN_BUDGET_MS = 500;
const OPENS = 7;
const PAN_STEPS = 120;
const VIEWPORT = { width: 1366, height: 864 };

const withPages = (doc: ProjectDoc): ProjectDoc => ({
  ...doc,
  projectSettings: { ...doc.projectSettings, comic: { ...DEFAULT_COMIC, pages: autoTemplates(doc.panels.length).map((templateId, i) => ({ id: `page-${i}`, templateId })) } },
});

// In-page code has no named inner functions: tsx would wrap them in a helper the page lacks.

/** Clicks a view and waits, frame by frame, until the Pages view is whole: every page there, every visible frame's image decoded. */
async function openPages(page: Page, pages: number): Promise<number> {
  return page.evaluate(async (expected) => {
    const started = performance.now();
    [...document.querySelectorAll<HTMLElement>('[data-testid="view-switch"] [role="radio"]')].find((el) => el.textContent?.trim() === "Pages")!.click();
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const sheets = document.querySelectorAll('[data-testid="comic-page"]');
      const scroller = document.querySelector('[data-testid="pages-scroller"]');
      if (sheets.length !== expected || !scroller) continue;
      const view = scroller.getBoundingClientRect();
      const visible = [...document.querySelectorAll<HTMLElement>('[data-testid="comic-frame"]')].filter((f) => {
        const r = f.getBoundingClientRect();
        return f.dataset.panel && r.bottom > view.top && r.top < view.bottom;
      });
      if (visible.length > 0 && visible.every((f) => f.querySelector("img")?.complete && (f.querySelector("img")?.naturalWidth ?? 0) > 0)) return performance.now() - started;
    }
  }, pages);
}

async function backToBoard(page: Page): Promise<void> {
  await page.getByRole("radio", { name: "Board" }).click();
  await page.getByTestId("board-scroller").waitFor();
}

/** Frame intervals while a selected frame's image is panned one pointer move per frame. */
async function pan(page: Page): Promise<number[]> {
  const frame = page.getByTestId("comic-frame").first();
  await frame.click();
  await page.getByTestId("frame-toolbar").waitFor();
  await page.getByRole("button", { name: "Zoom in" }).click();
  const box = (await frame.boundingBox())!;
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__on = true;
    let last = performance.now();
    requestAnimationFrame(function tick(now) {
      window.__frames.push(now - last);
      last = now;
      if (window.__on) requestAnimationFrame(tick);
    });
  })()`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 0; i < PAN_STEPS; i++) await page.mouse.move(box.x + box.width / 2 + Math.sin(i / 10) * 40, box.y + box.height / 2 + Math.cos(i / 10) * 20);
  await page.mouse.up();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __on: boolean };
    w.__on = false;
    return w.__frames.slice(1);
  });
}

export interface ComicSide {
  panels: number;
  pages: number;
  /** The first opening, which also loads the view's code. */
  firstOpenMs: number;
  openSamples: number[];
  openMedianMs: number;
  pan: { medianMs: number; p95Ms: number; maxMs: number; frames: number; over16Pct: number };
}

async function measure(page: Page, appUrl: string, id: string, panels: number): Promise<ComicSide> {
  await putState(page, [["last-project", id]]);
  await page.goto(appUrl);
  await page.getByTestId("board-scroller").waitFor({ timeout: 60_000 });
  const pages = autoTemplates(panels).length;
  const firstOpenMs = Math.round(await openPages(page, pages));
  const openSamples: number[] = [];
  for (let i = 0; i < OPENS; i++) {
    await backToBoard(page);
    openSamples.push(Math.round(await openPages(page, pages)));
  }
  const deltas = await pan(page);
  const frames = distribution(deltas);
  const over16Pct = Math.round((deltas.filter((d) => d > 1000 / 60 + 2).length / Math.max(1, deltas.length)) * 100);
  return { panels, pages, firstOpenMs, openSamples, openMedianMs: median(openSamples), pan: { ...frames, over16Pct } };
}

export async function benchComicPages(browser: Browser, appUrl: string): Promise<{ big: ComicSide; small: ComicSide }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(`${appUrl}/api/health`);
    const refs = await seedImages(page, COMIC_PANELS + BASELINE_COMIC_PANELS);
    const bigId = await seedProject(page, `Bench: ${COMIC_PANELS}-panel comic`, refs.slice(0, COMIC_PANELS), undefined, withPages);
    const smallId = await seedProject(page, `Bench: ${BASELINE_COMIC_PANELS}-panel comic`, refs.slice(COMIC_PANELS), undefined, withPages);
    const small = await measure(page, appUrl, smallId, BASELINE_COMIC_PANELS);
    const big = await measure(page, appUrl, bigId, COMIC_PANELS);
    return { big, small };
  } finally {
    await context.close();
  }
}

export function comicPagesResults({ big, small }: { big: ComicSide; small: ComicSide }): ReportRow[] {
  return [
    {
      name: `Pages view opens: ${big.pages} pages, ${big.panels} panels`,
      measured: `median ${big.openMedianMs} ms (${big.openSamples.join(", ")}); first opening with its code ${big.firstOpenMs} ms`,
      baseline: `${small.pages} pages, ${small.panels} panels: median ${small.openMedianMs} ms`,
      goal: `≤ ${OPEN_BUDGET_MS} ms`,
      pass: big.openMedianMs <= OPEN_BUDGET_MS,
    },
    {
      name: `Panning a frame's image on a ${big.pages}-page comic`,
      measured: `frame interval median ${big.pan.medianMs} ms, p95 ${big.pan.p95Ms} ms, ${big.pan.over16Pct}% over one 60 fps frame`,
      baseline: `${small.pages} pages: p95 ${small.pan.p95Ms} ms`,
      goal: "60 fps (p95 ≤ 16.7 ms + 2 ms jitter)",
      pass: big.pan.p95Ms <= 1000 / 60 + 2,
    },
  ];
}

await runStandalone(import.meta.url, benchComicPages, comicPagesResults);
