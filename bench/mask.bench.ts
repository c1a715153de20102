import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import type * as MaskModule from "@/lib/mask/mask-document";
import { median } from "./stats";
import { launchChromium } from "../tests/support/browser";
import { loadModule } from "../tests/support/browser-bundle";

/**
 * The mask painter's two hot paths in Chromium on a 4096×4096 reference:
 * - exporting the mask PNG (budget 250 ms median), 5 runs on a painted document;
 * - one extendStroke call of 4 pointer points at brush size 40 (budget: far below a 16.7 ms frame),
 *   200 calls along a path that keeps reaching new tiles, so snapshot costs are included.
 * Run alone with `npx tsx bench/mask.bench.ts`.
 */

export const EXPORT_BUDGET_MS = 250;
export const FRAME_MS = 1000 / 60;
const EXPORT_RUNS = 5;
const STROKE_CALLS = 200;
const SIZE = 4096;

type BenchWindow = Window & { Mask: typeof MaskModule };

// Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs, which matters
// when one call takes a fraction of a millisecond. The page is served by Playwright, not a server.
const ISOLATED_URL = "http://localhost/mask-bench";

async function isolatedPage(page: Page): Promise<void> {
  await page.route(ISOLATED_URL, (route) =>
    route.fulfill({
      contentType: "text/html",
      headers: { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" },
      body: "<!doctype html><title>mask bench</title>",
    }),
  );
  await page.goto(ISOLATED_URL);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
};
const round = (ms: number) => Math.round(ms * 1000) / 1000;

export async function benchMask(page: Page): Promise<{
  export4096: { medianMs: number; samples: number[] };
  strokeSegment4096: { medianMs: number; p95Ms: number };
}> {
  await isolatedPage(page);
  await loadModule(page, "lib/mask/mask-document.ts", "Mask");

  const exportSamples: number[] = [];
  for (let run = 0; run < EXPORT_RUNS; run++) {
    exportSamples.push(
      await page.evaluate(async (size) => {
        const { MaskDocument } = (window as unknown as BenchWindow).Mask;
        const doc = new MaskDocument(size, size);
        // A character-like silhouette: broad body strokes, thinner limbs, an erased gap.
        const strokes: [MaskModule.MaskTool, number, number, number, number, number][] = [];
        for (let i = 0; i < 12; i++) strokes.push(["brush", 700, 1400 + i * 100, 900, 1500 + i * 80, 3000]);
        for (let i = 0; i < 40; i++) strokes.push(["brush", 60 + i * 3, 900 + i * 60, 2000 + 500 * Math.sin(i), 400 + i * 90, 3900]);
        strokes.push(["eraser", 120, 1200, 1200, 2800, 2600]);
        for (const [tool, brush, x0, y0, x1, y1] of strokes) {
          doc.beginStroke(tool, brush, { x: x0, y: y0, pressure: 1 });
          doc.extendStroke([{ x: x1, y: y1, pressure: 1 }]);
          doc.endStroke();
        }
        const start = performance.now();
        const blob = await doc.exportPng();
        const elapsed = performance.now() - start;
        if (blob.size < 100) throw new Error("export produced no image");
        return elapsed;
      }, SIZE),
    );
  }

  const strokeSamples = await page.evaluate(
    ({ size, calls }) => {
      const { MaskDocument } = (window as unknown as BenchWindow).Mask;
      const doc = new MaskDocument(size, size);
      doc.fillAll(); // paint over existing content, as when refining a mask
      doc.clear();
      // ~6 px between pointer samples (coalesced 60 Hz pointer events), wandering over many tiles.
      const path = Array.from({ length: calls * 4 + 1 }, (_, t) => ({
        x: 2048 + 1800 * Math.sin(t / 170),
        y: 2048 + 1800 * Math.sin(t / 113),
        pressure: 1,
      }));
      const flusher = doc.canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
      doc.beginStroke("brush", 40, path[0]!);
      const samples: number[] = [];
      for (let call = 0; call < calls; call++) {
        const points = path.slice(1 + call * 4, 5 + call * 4);
        const start = performance.now();
        doc.extendStroke(points);
        // Chromium records canvas draws and rasterizes them later; a 1-pixel read forces that work
        // into the timed span, as drawing the mask on screen would in the same frame.
        flusher.getImageData(0, 0, 1, 1);
        samples.push(performance.now() - start);
      }
      doc.endStroke();
      return samples;
    },
    { size: SIZE, calls: STROKE_CALLS },
  );

  return {
    export4096: { medianMs: round(median(exportSamples)), samples: exportSamples.map(round) },
    strokeSegment4096: { medianMs: round(median(strokeSamples)), p95Ms: round(percentile(strokeSamples, 0.95)) },
  };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (invokedDirectly) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const result = await benchMask(page);
    console.log(JSON.stringify({ name: "mask document 4096x4096", exportBudgetMs: EXPORT_BUDGET_MS, frameMs: FRAME_MS, ...result }));
  } finally {
    await browser.close();
  }
}
