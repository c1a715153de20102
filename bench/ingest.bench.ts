import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import type * as IngestModule from "@/lib/images/ingest";
import { photo24mp } from "../tests/fixtures/generate";
import { launchChromium } from "../tests/support/browser";
import { loadModule } from "../tests/support/browser-bundle";
import { median } from "./stats";

/**
 * How long adding a 24-megapixel camera photo takes inside Chromium, from the File to the
 * encoded reference and thumbnail. Budget: 1000 ms median on the 2-core reference machine.
 * Run alone with `npx tsx bench/ingest.bench.ts`.
 */

const RUNS = 5;
export const BUDGET_MS = 1000;

type BenchWindow = Window & { Ingest: typeof IngestModule; benchFile?: File };

export async function benchIngest(page: Page): Promise<{ medianMs: number; samples: number[] }> {
  const photo = await photo24mp();
  await page.setContent("<!doctype html><title>ingest bench</title>");
  await loadModule(page, "lib/images/ingest.ts", "Ingest");
  // Transfer once, outside the timing: moving 7 MB through the DevTools protocol is not what users wait for.
  await page.evaluate(
    ({ b64, name }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      (window as unknown as BenchWindow).benchFile = new File([bytes], name, { type: "image/jpeg" });
    },
    { b64: photo.bytes.toString("base64"), name: photo.name },
  );
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const ms = await page.evaluate(async () => {
      const w = window as unknown as BenchWindow;
      const start = performance.now();
      const result = await w.Ingest.normalizeImage(w.benchFile!);
      const elapsed = performance.now() - start;
      if (result.width !== 2048) throw new Error(`unexpected output width ${result.width}`);
      return elapsed;
    });
    samples.push(Math.round(ms));
  }
  return { medianMs: median(samples), samples };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (invokedDirectly) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const result = await benchIngest(page);
    console.log(JSON.stringify({ name: "normalizeImage 6000x4000 JPEG", budgetMs: BUDGET_MS, ...result }));
  } finally {
    await browser.close();
  }
}
