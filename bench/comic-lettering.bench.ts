import type { Browser, Page } from "playwright-core";
import { DEFAULT_COMIC, type ComicLetter } from "../lib/comic/comic-schema";
import { autoTemplates } from "../lib/comic/flow";
import type { ProjectDoc } from "../lib/state/persistence";
import type { ReportRow } from "./board.bench";
import { COMIC_PANELS } from "./comic-pages.bench";
import { seedImages, seedProject, putState } from "./seed";
import { runStandalone } from "./standalone";
import { distribution } from "./stats";

/**
 * Dragging a balloon on a 24-page comic of 120 panels, every panel lettered (a speech balloon with
 * a tail, a caption, a sound effect on every fifth): 120 pointer moves, one per frame, and the
 * intervals between the frames the browser painted meanwhile.
 *
 * Run alone with `npx tsx bench/comic-lettering.bench.ts` (builds if needed, prints JSON).
 */
const DRAG_STEPS = 120;
const VIEWPORT = { width: 1366, height: 864 };
const FRAME_MS = 1000 / 60;

function letters(panelIds: string[]): ComicLetter[] {
  return panelIds.flatMap((panelId, i): ComicLetter[] => {
    const base = { panelId, lineId: null, rotation: 0, scale: 1 };
    return [
      { ...base, id: `speech-${i}`, kind: "speech", text: `Panel ${i + 1}: we have to leave before the tide turns.`, x: 0.35, y: 0.25, tail: { x: 0.3, y: 0.8 } },
      { ...base, id: `caption-${i}`, kind: "caption", text: "Meanwhile, across the harbour…", x: 0.25, y: 0.07, tail: null },
      ...(i % 5 === 0 ? [{ ...base, id: `sfx-${i}`, kind: "sfx" as const, text: "KRAKOOM!", x: 0.6, y: 0.7, tail: null, rotation: -10 }] : []),
    ];
  });
}

const lettered = (doc: ProjectDoc): ProjectDoc => ({
  ...doc,
  projectSettings: {
    ...doc.projectSettings,
    comic: {
      ...DEFAULT_COMIC,
      pages: autoTemplates(doc.panels.length).map((templateId, i) => ({ id: `page-${i}`, templateId })),
      letters: letters(doc.panels.map((p) => p.id)),
    },
  },
});

/** Intervals between painted frames while the first speech balloon is dragged round a small loop. */
async function dragBalloon(page: Page): Promise<number[]> {
  const words = page.locator('[data-letter="speech-0"] [data-part="row"]').first();
  await words.waitFor();
  const box = (await words.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.evaluate(() => {
    const rec = { gaps: [] as number[], on: true };
    (window as unknown as { __drag: typeof rec }).__drag = rec;
    let last = performance.now();
    requestAnimationFrame(function frame(now) {
      rec.gaps.push(now - last);
      last = now;
      if (rec.on) requestAnimationFrame(frame);
    });
  });
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 0; i < DRAG_STEPS; i++) await page.mouse.move(x + Math.sin(i / 12) * 60, y + (1 - Math.cos(i / 12)) * 30);
  await page.mouse.up();
  return page.evaluate(() => {
    const rec = (window as unknown as { __drag: { gaps: number[]; on: boolean } }).__drag;
    rec.on = false;
    return rec.gaps.slice(1);
  });
}

export interface LetteringDrag {
  letters: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  frames: number;
  over16Pct: number;
}

export async function benchComicLettering(browser: Browser, appUrl: string): Promise<LetteringDrag> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(`${appUrl}/api/health`);
    const refs = await seedImages(page, COMIC_PANELS);
    const id = await seedProject(page, `Bench: ${COMIC_PANELS}-panel lettered comic`, refs, undefined, lettered);
    await putState(page, [["last-project", id]]);
    await page.goto(appUrl);
    await page.getByTestId("board-scroller").waitFor({ timeout: 60_000 });
    await page.getByRole("radio", { name: "Pages" }).click();
    const gaps = await dragBalloon(page);
    const stats = distribution(gaps);
    const count = letters(Array.from({ length: COMIC_PANELS }, (_, i) => String(i))).length;
    return { letters: count, ...stats, over16Pct: Math.round((gaps.filter((d) => d > FRAME_MS + 2).length / Math.max(1, gaps.length)) * 100) };
  } finally {
    await context.close();
  }
}

export function comicLetteringResults(drag: LetteringDrag): ReportRow[] {
  return [
    {
      name: `Dragging a balloon on a ${autoTemplates(COMIC_PANELS).length}-page comic with ${drag.letters} letters`,
      measured: `frame interval median ${drag.medianMs} ms, p95 ${drag.p95Ms} ms, max ${drag.maxMs} ms, ${drag.over16Pct}% over one 60 fps frame (${drag.frames} frames)`,
      baseline: "the drag is painted straight into the SVG; React renders once, on release",
      goal: "60 fps (p95 ≤ 16.7 ms + 2 ms jitter)",
      pass: drag.p95Ms <= FRAME_MS + 2,
    },
  ];
}

await runStandalone(import.meta.url, benchComicLettering, comicLetteringResults);
