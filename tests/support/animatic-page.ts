import type { Page } from "playwright-core";
import type { FrameRect } from "@/lib/state/animatic-schema";
import { SAMPLE_SHOTS } from "@/lib/samples/sample-storyboard";
import { openApp } from "./cast-page";

/** Helpers for the animatic: the inspector's section, its frame editor and the presentation's canvas. */
export async function openSampleBoard(page: Page, url: string): Promise<void> {
  await openApp(page, url);
  await page.getByRole("button", { name: "Sample storyboard" }).first().click();
  // The board is there and its first pictures are drawn (a phone has only the first cards on screen).
  await page.getByRole("heading", { name: `Storyboard ${SAMPLE_SHOTS.length}` }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (n) => {
      const images = [...document.querySelectorAll<HTMLImageElement>('[data-testid="panel-card"] img')];
      return images.length >= Math.min(n, 2) && images.every((img) => img.complete && img.naturalWidth > 0);
    },
    SAMPLE_SHOTS.length,
    { timeout: 30_000 },
  );
}

export async function frameRect(page: Page, which: "from" | "to"): Promise<FrameRect> {
  return JSON.parse((await page.getByTestId(`frame-${which}`).getAttribute("data-rect"))!) as FrameRect;
}

/** Waits until the frame on screen is `want` within `tolerance` (a drag lands to the pixel). */
export async function waitForFrame(page: Page, which: "from" | "to", want: FrameRect, tolerance = 0.006): Promise<void> {
  await page.waitForFunction(
    ({ which, want, tolerance }) => {
      const text = document.querySelector(`[data-testid="frame-${which}"]`)?.getAttribute("data-rect");
      if (!text) return false;
      const got = JSON.parse(text) as Record<string, number>;
      return (["x", "y", "width", "height"] as const).every((k) => Math.abs(got[k]! - want[k]) <= tolerance);
    },
    { which, want, tolerance },
  );
}

/** Drags on the frame editor's image between two points given as fractions of the image. */
export async function dragOnFrame(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const surface = page.getByTestId("frame-surface");
  // The inspector scrolls: the pointer can only press what is on screen.
  await surface.scrollIntoViewIfNeeded();
  const box = (await surface.boundingBox())!;
  const at = (p: { x: number; y: number }) => [box.x + p.x * box.width, box.y + p.y * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 10 });
  await page.mouse.up();
}

/** Keeps the full image each listed shot shows (from the inspector's preview) as a bitmap on window.__shots. */
export async function keepShotImages(page: Page, shots: number[], select: (shot: number) => Promise<void>): Promise<void> {
  for (const shot of shots) {
    await select(shot);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="shot-preview"] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await page.evaluate(async (shot) => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="shot-preview"] img')!;
      const w = window as unknown as { __shots?: Record<number, ImageBitmap> };
      w.__shots ??= {};
      w.__shots[shot] = await createImageBitmap(img);
    }, shot);
  }
}

/** Seeks the presentation (paused) to `t` seconds with its position slider and waits for that frame. */
export async function seekTo(page: Page, t: number): Promise<void> {
  await page.getByLabel("Playback position").fill(String(t));
  await page.waitForFunction((t) => document.querySelector('[data-testid="presentation-stage"]')?.getAttribute("data-time") === t.toFixed(3), t);
}

export async function presentationTime(page: Page): Promise<number> {
  return Number(await page.getByTestId("presentation-stage").getAttribute("data-time"));
}

/**
 * The mean difference per channel (0–255) between the presentation's canvas and what drawFrame
 * (loaded on window.AnimaticTimeline) renders for the timeline at `t` from the kept shot images.
 */
export async function canvasDifference(page: Page, timeline: unknown[], t: number): Promise<number> {
  return page.evaluate(
    ({ timeline, t }) => {
      const lib = (window as unknown as { AnimaticTimeline: typeof import("@/lib/animatic/timeline") }).AnimaticTimeline;
      const shots = (window as unknown as { __shots: Record<number, ImageBitmap> }).__shots;
      const shown = document.querySelector<HTMLCanvasElement>('[data-testid="presentation-canvas"]')!;
      const { width, height } = shown;
      const expected = Object.assign(document.createElement("canvas"), { width, height });
      const ctx = expected.getContext("2d")!;
      const sources = timeline.map((_, i) => {
        const bitmap = shots[i + 1];
        return bitmap ? { source: bitmap, width: bitmap.width, height: bitmap.height } : null;
      });
      lib.drawFrame(ctx, lib.frameAt(timeline as Parameters<typeof lib.frameAt>[0], t), sources, width, height);
      const a = shown.getContext("2d")!.getImageData(0, 0, width, height).data;
      const b = ctx.getImageData(0, 0, width, height).data;
      let sum = 0;
      for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
      return sum / ((a.length / 4) * 3);
    },
    { timeline, t },
  );
}
