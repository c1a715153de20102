import type { Page } from "playwright-core";

/**
 * Draws one long looping stroke across a canvas with the mouse while the page records every
 * frame's interval, so a drawing tool's per-frame work can be set beside the frame it must fit in.
 * Returns the frame intervals; the tool's own measures (cleared first) are read by the caller.
 */
export async function strokeSamplingFrames(page: Page, box: { x: number; y: number; width: number; height: number }, clear: string[], reach: number): Promise<number[]> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    for (const name of ${JSON.stringify(clear)}) performance.clearMeasures(name);
    window.frameDeltas = [];
    let last = performance.now();
    const tick = (now) => {
      window.frameDeltas.push(now - last);
      last = now;
      if (window.frameDeltas.length < 600) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 240; i++) {
    const t = i / 240;
    await page.mouse.move(cx + Math.sin(t * 12) * box.width * reach, cy + Math.cos(t * 7) * box.height * reach);
  }
  await page.mouse.up();
  return page.evaluate(() => (window as unknown as { frameDeltas: number[] }).frameDeltas.slice(1));
}
