import type { Browser, CDPSession, Page } from "playwright-core";
import { formatBytes } from "../lib/format-bytes";
import { putState, seedImages, seedProject } from "./seed";
import { runStandalone } from "./standalone";
import { meanRounded, median } from "./stats";

/**
 * The board at scale: a 300-panel project whose every panel has a real image and thumbnail in
 * IndexedDB, next to a 6-panel one in the same browser and run.
 *
 *   load     navigation start to the first row of cards showing decoded images
 *   scroll   the board scrolled top to bottom in about 3 s, one step per frame: frame intervals
 *   drag     the first card dragged onto the sixth card's place with the mouse: frame intervals
 *   memory   DOM nodes, cards in the DOM and JS heap after load and after scrolling
 *
 * Run alone with `npx tsx bench/board.bench.ts` (builds if needed, prints JSON).
 */
export const BOARD_PANELS = 300;
export const BASELINE_PANELS = 6;
export const LOAD_BUDGET_MS = 500;
/** Measured reloads per project, after one warm-up each. */
const RELOADS = 7;
/** Frames for the scroll from top to bottom: about 3 s at 60 fps. */
const SCROLL_FRAMES = 180;
const DRAG_STEPS = 60;
/** One frame at 60 fps. */
export const FRAME_MS = 1000 / 60;
const VIEWPORT = { width: 1366, height: 864 };

export interface FrameStats {
  frames: number;
  durationMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Share of frame intervals longer than one 60 fps frame (a little jitter allowed, see `LATE_MS`). */
  over16Pct: number;
  /** Share of frame intervals longer than two frames. */
  over33Pct: number;
  longTasks: number;
  longestTaskMs: number;
  /** Main-thread time in the window (Chromium's own counters): all tasks, and script, layout and style within them. */
  mainThread: { busyPct: number; scriptMs: number; layoutMs: number; styleMs: number };
}

export interface LoadStats {
  /** Navigation start to the first row of cards with decoded images, one per reload. */
  samples: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Same, until every card in the board's viewport shows its image. */
  allVisibleMedianMs: number;
  /** Same, until the first card is in the DOM (with or without its image). */
  firstCardMedianMs: number;
  /** The HTML's arrival and DOMContentLoaded, for where the time goes. */
  responseEndMedianMs: number;
  domContentLoadedMedianMs: number;
  firstRowCards: number;
  visibleCards: number;
}

export interface MemoryStats {
  domNodes: number;
  cards: number;
  images: number;
  jsHeapMB: number;
}

export interface BoardSide {
  panels: number;
  load: LoadStats;
  scroll: FrameStats & { scrolledPx: number };
  drag: FrameStats & { reordered: boolean };
  /** The drop: from mouse up to 600 ms later (the reorder is rendered and saved). */
  drop: FrameStats;
  memoryAfterLoad: MemoryStats;
  memoryAfterScroll: MemoryStats;
}

export interface BoardBench {
  big: BoardSide;
  small: BoardSide;
  /** The browser alone scrolling the same thumbnails as a static grid (see `staticScroll`). */
  browserScroll: FrameStats & { scrolledPx: number };
  seed: { ms: number; imageBytes: number; thumbnailBytes: number };
}

/** A frame interval this much over 16.7 ms counts as late: rAF timestamps jitter by a fraction of a millisecond. */
const LATE_MS = FRAME_MS + 1;
/** At most this share of frames may be late for the run to count as 60 fps. */
const MAX_LATE_PCT = 5;

/**
 * In-page helpers, installed before the app's own scripts on every navigation. A string, not a
 * function: tsx would wrap named inner functions in a helper the page lacks.
 *  - load (on the app's page only): a requestAnimationFrame poll from the document's start that stamps (performance.now(),
 *    so from navigation start) the first card, the first row of cards with decoded images, and
 *    every card in the board's viewport with decoded images;
 *  - frames: rAF intervals between start() and stop(), with the long tasks that began meanwhile;
 *  - scroll: the board scrolled to its end, one step per frame.
 */
const PAGE_HELPERS = `(() => {
  if (window.castboardBench) return;
  const bench = { load: {}, longTasks: [], deltas: [], recording: false, windowStart: 0 };
  window.castboardBench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  const decoded = (card) => {
    const img = card.querySelector("img");
    return !!img && img.complete && img.naturalWidth > 0;
  };
  const poll = () => {
    const now = performance.now();
    const scroller = document.querySelector('[data-testid="board-scroller"]');
    const cards = scroller ? [...scroller.querySelectorAll('[data-testid="panel-card"]')] : [];
    if (cards.length > 0) {
      bench.load.firstCard ??= now;
      const view = scroller.getBoundingClientRect();
      const rects = cards.map((c) => [c, c.getBoundingClientRect()]);
      const visible = rects.filter(([, r]) => r.bottom > view.top && r.top < view.bottom && r.right > view.left && r.left < view.right);
      const top = Math.min(...visible.map(([, r]) => r.top));
      const firstRow = visible.filter(([, r]) => Math.abs(r.top - top) < 2);
      if (bench.load.firstRow === undefined && firstRow.length > 0 && firstRow.every(([c]) => decoded(c))) {
        bench.load.firstRow = now;
        bench.load.firstRowCards = firstRow.length;
      }
      if (bench.load.visible === undefined && visible.length > 0 && visible.every(([c]) => decoded(c))) {
        bench.load.visible = now;
        bench.load.visibleCards = visible.length;
      }
    }
    if (bench.load.visible === undefined && now < 30000) requestAnimationFrame(poll);
  };
  if (location.pathname === "/") requestAnimationFrame(poll);

  bench.start = () => {
    bench.deltas = [];
    bench.recording = true;
    bench.windowStart = performance.now();
    let last = null;
    const tick = (now) => {
      if (!bench.recording) return;
      if (last !== null) bench.deltas.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  bench.stop = () => {
    bench.recording = false;
    const end = performance.now();
    const tasks = bench.longTasks.filter((t) => t.start >= bench.windowStart && t.start < end).map((t) => t.duration);
    return { deltas: bench.deltas, durationMs: end - bench.windowStart, longTasks: tasks };
  };
  bench.scroll = (frames) => new Promise((resolve) => {
    const scroller = document.querySelector('[data-testid="board-scroller"]');
    let i = 0;
    const step = () => {
      i += 1;
      // The end is read each frame: rows are measured as they appear, so the height settles while scrolling.
      scroller.scrollTop = Math.round((scroller.scrollHeight - scroller.clientHeight) * Math.min(1, i / frames));
      if (i < frames) requestAnimationFrame(step);
      else requestAnimationFrame(() => resolve(scroller.scrollTop));
    };
    requestAnimationFrame(step);
  });
})();`;

interface BenchWindow {
  castboardBench: {
    load: { firstCard?: number; firstRow?: number; visible?: number; firstRowCards?: number; visibleCards?: number };
    start(): void;
    stop(): { deltas: number[]; durationMs: number; longTasks: number[] };
    scroll(frames: number): Promise<number>;
  };
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

type Counters = Record<"TaskDuration" | "ScriptDuration" | "LayoutDuration" | "RecalcStyleDuration", number>;

async function counters(cdp: CDPSession): Promise<Counters> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { TaskDuration: get("TaskDuration"), ScriptDuration: get("ScriptDuration"), LayoutDuration: get("LayoutDuration"), RecalcStyleDuration: get("RecalcStyleDuration") };
}

function frameStats({ deltas, durationMs, longTasks }: { deltas: number[]; durationMs: number; longTasks: number[] }, before: Counters, after: Counters): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const pick = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  const share = (limit: number) => round((100 * deltas.filter((d) => d > limit).length) / Math.max(1, deltas.length));
  return {
    frames: deltas.length,
    durationMs: Math.round(durationMs),
    p50Ms: round(pick(0.5)),
    p95Ms: round(pick(0.95)),
    maxMs: round(sorted.at(-1) ?? NaN),
    over16Pct: share(LATE_MS),
    over33Pct: share(2 * FRAME_MS + 1),
    longTasks: longTasks.length,
    longestTaskMs: Math.round(Math.max(0, ...longTasks)),
    mainThread: {
      busyPct: Math.round((100 * (after.TaskDuration - before.TaskDuration) * 1000) / durationMs),
      scriptMs: Math.round((after.ScriptDuration - before.ScriptDuration) * 1000),
      layoutMs: Math.round((after.LayoutDuration - before.LayoutDuration) * 1000),
      styleMs: Math.round((after.RecalcStyleDuration - before.RecalcStyleDuration) * 1000),
    },
  };
}

/** Frame intervals and main-thread time while `action` runs. */
async function recordFrames<T>(page: Page, cdp: CDPSession, action: () => Promise<T>): Promise<{ stats: FrameStats; result: T }> {
  await cdp.send("Performance.enable");
  const before = await counters(cdp);
  await page.evaluate(() => (window as unknown as BenchWindow).castboardBench.start());
  const result = await action();
  const frames = await page.evaluate(() => (window as unknown as BenchWindow).castboardBench.stop());
  return { stats: frameStats(frames, before, await counters(cdp)), result };
}


/** Reloads on `projectId` and returns the page's load stamps once every visible card shows its image. */
async function reloadOn(page: Page, projectId: string) {
  await putState(page, [["last-project", projectId]]);
  await page.reload({ waitUntil: "commit" });
  await page.waitForFunction(() => (window as unknown as BenchWindow).castboardBench?.load.visible !== undefined, null, { timeout: 30_000, polling: 50 });
  const stamps = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    return { ...(window as unknown as BenchWindow).castboardBench.load, responseEnd: nav?.responseEnd ?? NaN, domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN };
  });
  // Let the app finish what it does after showing the board (garbage collection of blobs, the last-project record).
  await page.waitForTimeout(250);
  return stamps;
}

async function memory(page: Page, cdp: CDPSession): Promise<MemoryStats> {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN;
  const dom = await page.evaluate(() => ({
    domNodes: document.getElementsByTagName("*").length,
    cards: document.querySelectorAll('[data-testid="panel-card"]').length,
    images: document.querySelectorAll('[data-testid="panel-card"] img').length,
  }));
  return { ...dom, jsHeapMB: round(heap / 2 ** 20) };
}

/** Drags the first card onto the sixth card's place (the second row's last, three to a row) with the mouse. */
async function dragFirstToSixth(page: Page, cdp: CDPSession): Promise<{ drag: FrameStats & { reordered: boolean }; drop: FrameStats }> {
  const cards = page.getByTestId("panel-card");
  const dragged = await cards.nth(0).getAttribute("data-panel-id");
  // The image area of each card: the sensor listens on the whole card, its buttons keep their clicks.
  const from = (await cards.nth(0).locator("button").first().boundingBox())!;
  const to = (await cards.nth(5).locator("button").first().boundingBox())!;
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const end = { x: to.x + to.width * 0.75, y: to.y + to.height / 2 };
  await page.mouse.move(start.x, start.y);
  const { stats: drag } = await recordFrames(page, cdp, async () => {
    await page.mouse.down();
    // Past the sensor's 6 px activation distance, then across the board in even steps.
    await page.mouse.move(start.x + 8, start.y + 4);
    for (let i = 1; i <= DRAG_STEPS; i++) {
      const t = i / DRAG_STEPS;
      await page.mouse.move(start.x + (end.x - start.x) * t, start.y + (end.y - start.y) * t);
    }
  });
  const { stats: drop } = await recordFrames(page, cdp, async () => {
    await page.mouse.up();
    await page.waitForTimeout(600);
  });
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 10_000 });
  const reordered = (await cards.nth(5).getAttribute("data-panel-id")) === dragged && (await cards.nth(0).getAttribute("data-panel-id")) !== dragged;
  return { drag: { ...drag, reordered }, drop };
}

/** The board scrolled from the top to its end in SCROLL_FRAMES steps, one per frame. */
async function scrollThrough(page: Page, cdp: CDPSession): Promise<FrameStats & { scrolledPx: number }> {
  await page.evaluate(() => {
    document.querySelector('[data-testid="board-scroller"]')!.scrollTop = 0;
  });
  await page.waitForTimeout(300);
  const { stats, result } = await recordFrames(page, cdp, () => page.evaluate((frames) => (window as unknown as BenchWindow).castboardBench.scroll(frames), SCROLL_FRAMES));
  return { ...stats, scrolledPx: result };
}

async function measureSide(page: Page, cdp: CDPSession, projectId: string, panels: number, load: LoadStats): Promise<BoardSide> {
  await reloadOn(page, projectId);
  await page.waitForTimeout(750);
  const memoryAfterLoad = await memory(page, cdp);
  const { drag, drop } = await dragFirstToSixth(page, cdp);
  const scroll = await scrollThrough(page, cdp);
  const memoryAfterScroll = await memory(page, cdp);
  return { panels, load, scroll, drag, drop, memoryAfterLoad, memoryAfterScroll };
}

/**
 * The browser alone: the same 300 thumbnails as plain images with a caption, in a grid with the
 * board's place, size and columns; no app, nothing virtualized. Scrolled the same way, it shows
 * what scrolling this content costs this browser on this machine.
 */
async function staticScroll(page: Page, cdp: CDPSession, appUrl: string, thumbnails: string[], box: { x: number; y: number; width: number; height: number }, columns: number) {
  await page.goto(`${appUrl}/api/health`);
  await page.evaluate(
    async ({ ids, box, columns }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open("castboard-blobs");
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const blobs = await Promise.all(
        ids.map(
          (id) =>
            new Promise<Blob>((resolve, reject) => {
              const request = db.transaction("blobs").objectStore("blobs").get(id);
              request.onsuccess = () => resolve(request.result as Blob);
              request.onerror = () => reject(request.error);
            }),
        ),
      );
      db.close();
      const scroller = document.createElement("div");
      scroller.dataset.testid = "board-scroller";
      scroller.style.cssText = `position:fixed;left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px;overflow:auto;font:13px sans-serif`;
      const grid = document.createElement("div");
      grid.style.cssText = `display:grid;grid-template-columns:repeat(${columns},minmax(0,1fr));gap:12px;padding:4px`;
      blobs.forEach((blob, i) => {
        const card = document.createElement("div");
        card.style.cssText = "border-radius:12px;box-shadow:0 0 0 1px #ddd;overflow:hidden;background:#fff";
        const img = document.createElement("img");
        img.src = URL.createObjectURL(blob);
        img.style.cssText = "display:block;width:100%;aspect-ratio:16/9;object-fit:cover";
        const caption = document.createElement("p");
        caption.style.cssText = "margin:0;padding:10px;height:84px";
        caption.textContent = `Shot ${i + 1}. The courier reaches beat ${i + 1} of the chase and looks back over the crowd.`;
        card.append(img, caption);
        grid.append(card);
      });
      scroller.append(grid);
      document.body.replaceChildren(scroller);
      document.body.style.margin = "0";
      await Promise.all([...document.images].map((img) => new Promise((resolve) => (img.complete ? resolve(null) : img.addEventListener("load", resolve, { once: true })))));
    },
    { ids: thumbnails, box, columns },
  );
  return scrollThrough(page, cdp);
}

export async function benchBoard(browser: Browser, appUrl: string): Promise<BoardBench> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(PAGE_HELPERS);
    const page = await context.newPage();
    // Seeded on the app's origin, but on a page without the app, so nothing reads the databases meanwhile.
    await page.goto(`${appUrl}/api/health`);
    const seedStart = Date.now();
    const refs = await seedImages(page, BOARD_PANELS + BASELINE_PANELS);
    const bigId = await seedProject(page, `Bench: ${BOARD_PANELS} panels`, refs.slice(0, BOARD_PANELS));
    const smallId = await seedProject(page, `Bench: ${BASELINE_PANELS} panels`, refs.slice(BOARD_PANELS));
    const seedMs = Date.now() - seedStart;

    await putState(page, [["last-project", bigId]]);
    await page.goto(appUrl);
    // Interleaved so drift on a shared machine lands on both; the first round warms caches and is not counted.
    const stamps: Record<string, Awaited<ReturnType<typeof reloadOn>>[]> = { [bigId]: [], [smallId]: [] };
    for (let round = 0; round <= RELOADS; round++) {
      for (const id of [smallId, bigId]) {
        const s = await reloadOn(page, id);
        if (round > 0) stamps[id]!.push(s);
      }
    }
    const loadStats = (id: string): LoadStats => {
      const runs = stamps[id]!;
      const samples = runs.map((s) => Math.round(s.firstRow!));
      return {
        samples,
        medianMs: median(samples),
        minMs: Math.min(...samples),
        maxMs: Math.max(...samples),
        allVisibleMedianMs: Math.round(median(runs.map((s) => s.visible!))),
        firstCardMedianMs: Math.round(median(runs.map((s) => s.firstCard!))),
        responseEndMedianMs: Math.round(median(runs.map((s) => s.responseEnd))),
        domContentLoadedMedianMs: Math.round(median(runs.map((s) => s.domContentLoaded))),
        firstRowCards: runs[0]!.firstRowCards!,
        visibleCards: runs[0]!.visibleCards!,
      };
    };

    const cdp = await context.newCDPSession(page);
    const small = await measureSide(page, cdp, smallId, BASELINE_PANELS, loadStats(smallId));
    const big = await measureSide(page, cdp, bigId, BOARD_PANELS, loadStats(bigId));
    const box = await page.evaluate(() => {
      const r = document.querySelector('[data-testid="board-scroller"]')!.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    const browserScroll = await staticScroll(page, cdp, appUrl, refs.slice(0, BOARD_PANELS).map((r) => r.thumbnail.blobId), box, big.load.firstRowCards);
    return { big, small, browserScroll, seed: { ms: seedMs, imageBytes: meanRounded(refs.map((r) => r.image.bytes)), thumbnailBytes: meanRounded(refs.map((r) => r.thumbnail.bytes)) } };
  } finally {
    await context.close();
  }
}

export interface ReportRow {
  name: string;
  measured: string;
  baseline: string;
  goal: string;
  pass: boolean;
}

const frames = (f: FrameStats) =>
  `p50 ${f.p50Ms} ms / p95 ${f.p95Ms} ms per frame, ${f.over16Pct}% over 16.7 ms, ${f.over33Pct}% over 33 ms, longest ${f.maxMs} ms`;
const tasks = (f: FrameStats) => (f.longTasks === 0 ? "no long task" : `${f.longTasks} long task${f.longTasks > 1 ? "s" : ""} (longest ${f.longestTaskMs} ms)`);
const busy = (f: FrameStats) => `main thread ${f.mainThread.busyPct}% busy (${f.mainThread.scriptMs} ms script in ${(f.durationMs / 1000).toFixed(1)} s)`;
/** 60 fps: the 95th-percentile frame within one frame (plus timer jitter), and few frames late. */
const smooth = (f: FrameStats) => f.p95Ms <= LATE_MS && f.over16Pct <= MAX_LATE_PCT;
const mem = (m: MemoryStats) => `${m.cards} cards, ${m.domNodes} DOM nodes, ${m.jsHeapMB} MB JS heap`;

/** The board's rows for bench/REPORT.md, bench/report.json and the README. */
export function boardResults({ big, small, browserScroll, seed }: BoardBench): ReportRow[] {
  const cols = big.load.firstRowCards;
  const cardsAllowed = big.load.visibleCards + 4 * cols;
  const proportional = (b: MemoryStats, s: MemoryStats) => b.cards <= cardsAllowed && b.domNodes <= 2 * s.domNodes && b.jsHeapMB <= 2 * s.jsHeapMB;
  return [
    {
      name: `Open a ${BOARD_PANELS}-panel project from IndexedDB (each a 1024 × 576 JPEG of ${formatBytes(seed.imageBytes)} and a 480 × 270 WebP thumbnail of ${formatBytes(seed.thumbnailBytes)}): navigation start to the first row of cards with decoded images`,
      measured: `${big.load.medianMs} ms median (${big.load.minMs}–${big.load.maxMs} over ${big.load.samples.length} reloads); every visible card ${big.load.allVisibleMedianMs} ms; first card in the DOM ${big.load.firstCardMedianMs} ms, DOMContentLoaded ${big.load.domContentLoadedMedianMs} ms`,
      baseline: `${small.load.medianMs} ms (${small.load.minMs}–${small.load.maxMs}): a ${BASELINE_PANELS}-panel project; first card ${small.load.firstCardMedianMs} ms`,
      goal: `≤ ${LOAD_BUDGET_MS} ms`,
      pass: big.load.medianMs <= LOAD_BUDGET_MS,
    },
    {
      name: `Scroll the ${BOARD_PANELS}-panel board top to bottom (${Math.round(big.scroll.scrolledPx / 100) * 100} px, one step per frame over ${SCROLL_FRAMES} frames)`,
      measured: `${frames(big.scroll)}; ${tasks(big.scroll)}; took ${(big.scroll.durationMs / 1000).toFixed(1)} s; ${busy(big.scroll)}`,
      baseline: `the same ${BOARD_PANELS} thumbnails as a static grid, no app: p95 ${browserScroll.p95Ms} ms, ${browserScroll.over16Pct}% over 16.7 ms, main thread ${browserScroll.mainThread.busyPct}% busy; the ${BASELINE_PANELS}-panel board (fits, nothing to scroll): p95 ${small.scroll.p95Ms} ms, ${small.scroll.over16Pct}% over 16.7 ms`,
      goal: `60 fps: p95 ≤ 16.7 ms (+1 ms jitter), ≤ ${MAX_LATE_PCT}% of frames late`,
      pass: smooth(big.scroll),
    },
    {
      name: `Drag the first card onto the sixth's place on the ${BOARD_PANELS}-panel board (mouse, ${DRAG_STEPS} steps), then drop`,
      measured: `drag: ${frames(big.drag)}; ${tasks(big.drag)}; ${busy(big.drag)}. Drop (600 ms after release, reorder shown and saved): p95 ${big.drop.p95Ms} ms, longest ${big.drop.maxMs} ms, ${tasks(big.drop)}${big.drag.reordered ? "" : ". THE CARD DID NOT MOVE"}`,
      baseline: `${BASELINE_PANELS}-panel board, same drag: p95 ${small.drag.p95Ms} ms, ${small.drag.over16Pct}% over 16.7 ms, longest ${small.drag.maxMs} ms; drop longest ${small.drop.maxMs} ms`,
      goal: `60 fps during the drag and the drop (as above)`,
      pass: big.drag.reordered && smooth(big.drag) && smooth(big.drop),
    },
    {
      name: `Memory with ${BOARD_PANELS} panels: after load → after scrolling to the end (cards in the DOM, DOM nodes, JS heap after GC)`,
      measured: `${mem(big.memoryAfterLoad)} → ${mem(big.memoryAfterScroll)}; ${big.load.visibleCards} cards on screen, ${cols} to a row`,
      baseline: `${BASELINE_PANELS} panels: ${mem(small.memoryAfterLoad)} → ${mem(small.memoryAfterScroll)}`,
      goal: `proportional to the screen, not the board: ≤ ${cardsAllowed} cards (on screen + 2 rows either side), DOM nodes and heap ≤ 2× the ${BASELINE_PANELS}-panel board`,
      pass: proportional(big.memoryAfterLoad, small.memoryAfterLoad) && proportional(big.memoryAfterScroll, small.memoryAfterScroll),
    },
  ];
}

await runStandalone(import.meta.url, benchBoard, boardResults);
