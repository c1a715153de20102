import type { Page } from "playwright-core";
import { addPanel } from "../tests/support/board-page";
import { openApp, waitForCharacters } from "../tests/support/cast-page";

/**
 * A batch of 24 panels at concurrency 4 against the offline engine with a set latency per
 * request: wall time against the ideal (6 rounds of that latency), and the longest main-thread
 * task while it ran (PerformanceObserver "longtask").
 */
export const PANELS = 24;
export const CONCURRENCY = 4;

export interface BatchBench {
  wallMs: number;
  idealMs: number;
  ratio: number;
  longestTaskMs: number;
  longTasksOver100: number;
}

export async function benchBatch(page: Page, appUrl: string, latencyMs: number): Promise<BatchBench> {
  await openApp(page, appUrl);
  await page.getByRole("button", { name: "Try the sample: Ferris" }).click();
  await waitForCharacters(page, 1);
  for (let i = 0; i < PANELS; i++) await addPanel(page, `Shot ${i + 1}: Ferris crosses the scene`);
  await page.evaluate(`(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); }).observe({ type: "longtask" });
  })()`);
  await page.getByRole("button", { name: "Generate all" }).click();
  const started = Date.now();
  await page.getByRole("button", { name: "Generate drafts" }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel-card"] img').length === n, PANELS, { timeout: 120_000, polling: 50 });
  const wallMs = Date.now() - started;
  const tasks = (await page.evaluate("window.longTasks")) as number[];
  const idealMs = Math.ceil(PANELS / CONCURRENCY) * latencyMs;
  return {
    wallMs,
    idealMs,
    ratio: Math.round((wallMs / idealMs) * 100) / 100,
    longestTaskMs: Math.round(Math.max(0, ...tasks)),
    longTasksOver100: tasks.filter((t) => t > 100).length,
  };
}
