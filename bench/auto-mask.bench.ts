import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import type * as AutoMaskModule from "@/lib/mask/auto/auto-mask";
import type * as LabModule from "@/lib/mask/auto/lab";
import type * as WandModule from "@/lib/mask/auto/wand";
import type * as FixtureModule from "@/tests/fixtures/auto-mask/generate";
import type { ReportRow } from "./board.bench";
import { median } from "./stats";
import { loadModule } from "../tests/support/browser-bundle";

/**
 * The automatic mask's hot paths in Chromium on a 2048 × 2048 drawn character over a gradient,
 * the library code run in the page's thread as the worker would run it:
 * - a proposal (budget 200 ms, median of 5 after one warm-up that builds the Lab table);
 * - a wand pick on the background (about 70% of the image) for a live preview, full size and the
 *   downscaled preview, median of 10 (budget: one 16.7 ms frame for the preview).
 * Baselines in the same page: Lab of every pixel through the same table (the cheapest pass that
 * looks at each pixel's colour), and getImageData of the same size.
 * Run alone with `npx tsx bench/auto-mask.bench.ts` or `npm run bench -- auto-mask`.
 */
export const AUTO_MASK_BUDGET_MS = 200;
const FRAME_MS = 1000 / 60;
const SIZE = 2048;

type BenchWindow = Window & { AutoMask: typeof AutoMaskModule; Wand: typeof WandModule; Lab: typeof LabModule; Fixture: typeof FixtureModule };

export interface AutoMaskBench {
  /** The first proposal in a fresh page: includes building the Lab table, once per worker. */
  firstMs: number;
  autoMs: number[];
  labPassMs: number[];
  getImageDataMs: number[];
  wandMs: number[];
  wandPreviewMs: number[];
  iou: number;
}

export async function benchAutoMask(browser: Browser): Promise<AutoMaskBench> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent("<!doctype html><title>auto mask bench</title>");
    // tsx compiles this file keeping function names through an `__name` helper, which the
    // functions passed to evaluate then call in the page; an identity stands in for it there.
    await page.evaluate("globalThis.__name = (f) => f");
    await loadModule(page, "lib/mask/auto/auto-mask.ts", "AutoMask");
    await loadModule(page, "lib/mask/auto/wand.ts", "Wand");
    await loadModule(page, "lib/mask/auto/lab.ts", "Lab");
    await loadModule(page, "tests/fixtures/auto-mask/generate.ts", "Fixture");
    return await page.evaluate((size) => {
      const { AutoMask, Wand, Lab, Fixture } = window as unknown as BenchWindow;
      const fixture = Fixture.makeFixture("gradient", size);
      const time = (run: () => unknown) => {
        const start = performance.now();
        run();
        return performance.now() - start;
      };
      let first: ReturnType<typeof AutoMask.autoMask> | undefined;
      const firstMs = time(() => (first = AutoMask.autoMask(fixture.image)));
      const autoMs = Array.from({ length: 5 }, () => time(() => AutoMask.autoMask(fixture.image)));
      const labPassMs = Array.from({ length: 5 }, () =>
        time(() => {
          const table = Lab.labTable();
          const px = fixture.image.data;
          const out = new Float32Array(size * size * 3);
          for (let i = 0, j = 0; i < px.length; i += 4, j += 3) {
            const bin = Lab.labBin(px[i]!, px[i + 1]!, px[i + 2]!) * 3;
            out[j] = table[bin]!;
            out[j + 1] = table[bin + 1]!;
            out[j + 2] = table[bin + 2]!;
          }
          return out;
        }),
      );
      const canvas = new OffscreenCanvas(size, size);
      const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
      ctx.putImageData(new ImageData(fixture.image.data as Uint8ClampedArray<ArrayBuffer>, size, size), 0, 0);
      const getImageDataMs = Array.from({ length: 5 }, () => time(() => ctx.getImageData(0, 0, size, size)));
      const pick = { tolerance: 10, contiguous: true };
      const wandMs = Array.from({ length: 10 }, () => time(() => Wand.magicWand(fixture.image, 20, 20, pick)));
      const wandPreviewMs = Array.from({ length: 10 }, () => time(() => Wand.magicWandPreview(fixture.image, 20, 20, pick)));
      return { firstMs, autoMs, labPassMs, getImageDataMs, wandMs, wandPreviewMs, iou: Fixture.iou(first!.mask, fixture.truth) };
    }, SIZE);
  } finally {
    await context.close();
  }
}

const ms = (values: number[]) => `${Math.round(median(values) * 10) / 10} ms`;
const list = (values: number[]) => values.map((v) => Math.round(v)).join(", ");

export function autoMaskResults(bench: AutoMaskBench): ReportRow[] {
  return [
    {
      name: `Automatic mask: a proposal for a 2048 × 2048 reference (drawn character on a gradient, IoU ${bench.iou.toFixed(3)})`,
      measured: `${ms(bench.autoMs)} median (${list(bench.autoMs)}); ${Math.round(bench.firstMs)} ms for the worker's first, which builds the Lab table`,
      baseline: `${ms(bench.labPassMs)}: Lab of every pixel alone; ${ms(bench.getImageDataMs)}: getImageData of that size`,
      goal: `≤ ${AUTO_MASK_BUDGET_MS} ms`,
      pass: median(bench.autoMs) <= AUTO_MASK_BUDGET_MS,
    },
    {
      name: "Magic wand on 2048 × 2048: one pick of the background (about 70% of the image) for the live preview",
      measured: `preview (picked at 1024 × 1024) ${ms(bench.wandPreviewMs)} median; full size ${ms(bench.wandMs)} median`,
      baseline: `${Math.round(FRAME_MS * 10) / 10} ms: one frame`,
      goal: "preview within one frame",
      pass: median(bench.wandPreviewMs) <= FRAME_MS,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { launchChromium } = await import("../tests/support/browser");
  const browser = await launchChromium();
  try {
    const result = await benchAutoMask(browser);
    console.log(JSON.stringify(result, null, 2));
    for (const row of autoMaskResults(result)) console.log(`| ${row.name} | ${row.measured} | ${row.baseline} | ${row.goal} | ${row.pass ? "✓" : "✗"} |`);
  } finally {
    await browser.close();
  }
}
