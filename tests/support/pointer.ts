import type { CDPSession, Page } from "playwright-core";
import { fitViewport } from "@/lib/mask/viewport";

/** Drives the mask canvas with mouse, pen and touch input in reference-pixel coordinates. */
export interface CanvasMapping {
  toScreen(x: number, y: number): { x: number; y: number };
}

export async function canvasMapping(page: Page, imageWidth: number, imageHeight: number): Promise<CanvasMapping> {
  const box = (await page.getByTestId("mask-canvas").boundingBox())!;
  // The painter opens fitted to the stage; the same pure function tells where the image sits.
  const view = fitViewport(imageWidth, imageHeight, box.width, box.height);
  return { toScreen: (x, y) => ({ x: box.x + view.x + x * view.scale, y: box.y + view.y + y * view.scale }) };
}

export async function mouseStroke(page: Page, map: CanvasMapping, points: [number, number][]): Promise<void> {
  const [first, ...rest] = points.map(([x, y]) => map.toScreen(x, y));
  await page.mouse.move(first!.x, first!.y);
  await page.mouse.down();
  for (const p of rest) await page.mouse.move(p.x, p.y, { steps: 6 });
  await page.mouse.up();
}

export async function penStroke(cdp: CDPSession, map: CanvasMapping, points: [number, number][], pressure: number): Promise<void> {
  const screen = points.map(([x, y]) => map.toScreen(x, y));
  const send = (type: "mousePressed" | "mouseMoved" | "mouseReleased", p: { x: number; y: number }, force: number) =>
    cdp.send("Input.dispatchMouseEvent", { type, x: p.x, y: p.y, button: "left", buttons: type === "mouseReleased" ? 0 : 1, clickCount: 1, pointerType: "pen", force });
  await send("mousePressed", screen[0]!, pressure);
  for (const p of screen.slice(1)) await send("mouseMoved", p, pressure);
  await send("mouseReleased", screen.at(-1)!, 0);
}

/** Two fingers moving apart from `from` to `to` pixels around a centre point (screen space). */
export async function pinch(cdp: CDPSession, centre: { x: number; y: number }, from: number, to: number, steps = 8): Promise<void> {
  const points = (spread: number) => [
    { x: centre.x - spread / 2, y: centre.y, id: 0 },
    { x: centre.x + spread / 2, y: centre.y, id: 1 },
  ];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: points(from) });
  for (let i = 1; i <= steps; i++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: points(from + ((to - from) * i) / steps) });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}
