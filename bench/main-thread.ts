import type { Page } from "playwright-core";

/**
 * The page's main thread while something runs: every long task (PerformanceObserver "longtask")
 * and the longest gap between animation frames. Start before the work, stop after it.
 */
const RECORDER = `(() => {
  const r = { tasks: [], frames: [], on: true };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) r.tasks.push(e.duration); }).observe({ type: "longtask" });
  const tick = (t) => { if (!r.on) return; r.frames.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  window.mainThreadRecorder = r;
})()`;

export async function startMainThreadRecorder(page: Page): Promise<void> {
  await page.evaluate(RECORDER);
}

export function stopMainThreadRecorder(page: Page): Promise<{ tasks: number[]; gap: number }> {
  return page.evaluate(() => {
    const r = (window as unknown as { mainThreadRecorder: { tasks: number[]; frames: number[]; on: boolean } }).mainThreadRecorder;
    r.on = false;
    let gap = 0;
    for (let k = 1; k < r.frames.length; k++) gap = Math.max(gap, r.frames[k]! - r.frames[k - 1]!);
    return { tasks: r.tasks, gap };
  });
}
