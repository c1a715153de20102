import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import type { ReportRow } from "./board.bench";

/**
 * Lets one benchmark file run on its own (`npx tsx bench/X.bench.ts`): builds if needed, starts
 * the app and Chromium, prints the raw result and its report rows.
 */
export async function runStandalone<T>(moduleUrl: string, bench: (browser: Browser, url: string) => Promise<T>, rows: (result: T) => ReportRow[]): Promise<void> {
  const invokedDirectly = process.argv[1] !== undefined && moduleUrl === pathToFileURL(path.resolve(process.argv[1])).href;
  if (!invokedDirectly) return;
  const { ensureBuilt } = await import("../scripts/build-if-needed.mjs");
  const { launchChromium } = await import("../tests/support/browser");
  const { startApp } = await import("../tests/support/servers");
  if (ensureBuilt().failed) throw new Error("build failed");
  const [app, browser] = await Promise.all([startApp(), launchChromium()]);
  try {
    const started = Date.now();
    const result = await bench(browser, app.url);
    console.log(JSON.stringify({ ...result, wallMs: Date.now() - started }, null, 2));
    for (const row of rows(result)) console.log(`${row.pass ? "✓" : "✗"} ${row.name}\n  ${row.measured}\n  baseline: ${row.baseline}\n  goal: ${row.goal}`);
  } finally {
    await browser.close();
    await app.stop();
  }
}
