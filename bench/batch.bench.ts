import type { Page } from "playwright-core";
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

/**
 * Adds a panel and types its prompt. The board is virtualized (only the rows on screen are in the
 * DOM), so the panel count is read from the board's heading, not by counting cards.
 */
async function addPanel(page: Page, prompt: string, count: number): Promise<void> {
  await page.getByRole("button", { name: /^Add (a )?panel$/ }).first().click();
  await page.waitForFunction((n) => document.querySelector("#board-heading span")?.textContent === String(n), count);
  await page.getByLabel("Scene prompt").fill(prompt);
}

/** How many panels of the open project have a take, as saved in IndexedDB. */
async function savedPanelsWithTakes(page: Page): Promise<number> {
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("castboard-state");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // One transaction, no named inner functions (tsx would wrap them in a helper the page lacks).
    const stored = await new Promise<{ doc: { panels: { takes: unknown[] }[] } } | undefined>((resolve, reject) => {
      const store = db.transaction("state").objectStore("state");
      const last = store.get("last-project");
      last.onsuccess = () => {
        const project = store.get(`project:${String(last.result)}`);
        project.onsuccess = () => resolve(project.result);
        project.onerror = () => reject(project.error);
      };
      last.onerror = () => reject(last.error);
    });
    db.close();
    return stored?.doc.panels.filter((p) => p.takes.length > 0).length ?? 0;
  });
}

export async function benchBatch(page: Page, appUrl: string, latencyMs: number): Promise<BatchBench> {
  await openApp(page, appUrl);
  await page.getByRole("button", { name: "Try the sample: Ferris" }).click();
  await waitForCharacters(page, 1);
  for (let i = 0; i < PANELS; i++) await addPanel(page, `Shot ${i + 1}: Ferris crosses the scene`, i + 1);
  await page.evaluate(`(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); }).observe({ type: "longtask" });
  })()`);
  await page.getByRole("button", { name: "Generate all" }).click();
  const started = Date.now();
  await page.getByRole("button", { name: "Generate drafts" }).click();
  // Done when the batch's progress bar goes: the last result is downloaded and stored.
  await page.getByTestId("batch-progress").waitFor();
  await page.getByTestId("batch-progress").waitFor({ state: "detached", timeout: 120_000 });
  const wallMs = Date.now() - started;
  const generated = await savedPanelsWithTakes(page);
  if (generated !== PANELS) throw new Error(`the batch finished with ${generated} of ${PANELS} panels generated`);
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
