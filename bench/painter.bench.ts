import type { Page } from "playwright-core";
import sharp from "sharp";
import { chooseFiles, chooseNoMask, openApp, waitForCharacters } from "../tests/support/cast-page";
import { distribution, median, round, type Distribution } from "./stats";
import { strokeSamplingFrames } from "./stroke-frames";

/**
 * Stroke-to-screen in the real painter on a 4096 x 4096 reference: from the pointer event to
 * the frame that shows it (the painter's own `castboard:stroke-to-screen` measures), next to
 * the browser's frame interval measured during the same stroke.
 */
export interface PainterBench {
  /** The work a frame does to put new stroke segments on screen. */
  frameWork: Distribution;
  /** Pointer event to pixels, including the wait for the next frame (headless input is not frame-aligned). */
  eventToPixels: Distribution;
  frameIntervalMs: number;
}

const SIDE = 4096;

async function largeReference(): Promise<Buffer> {
  const base = await sharp({ create: { width: 512, height: 512, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 60 } } })
    .png()
    .toBuffer();
  return sharp(base).resize(SIDE, SIDE, { kernel: "cubic" }).jpeg({ quality: 85 }).toBuffer();
}

export async function benchPainter(page: Page, appUrl: string): Promise<PainterBench> {
  await openApp(page, appUrl);
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByLabel("Largest side of a character reference").selectOption("4096");
  await page.getByRole("button", { name: "Close settings" }).click();
  await chooseFiles(page, [{ name: "large-reference.jpg", bytes: await largeReference() }]);
  await waitForCharacters(page, 1);
  await page.getByText(`${SIDE} × ${SIDE} px`).waitFor();
  // Strokes are measured on a blank mask, not on the automatic proposal.
  await chooseNoMask(page);
  await page.getByRole("button", { name: "Paint mask" }).click();
  // The painter loads on first use: wait for it before waiting for its reference.
  await page.getByTestId("mask-canvas").waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes("Opening the reference"));
  const box = (await page.getByTestId("mask-canvas").boundingBox())!;
  const deltas = await strokeSamplingFrames(page, box, ["castboard:stroke-to-screen", "castboard:stroke-frame"], 0.35);
  const { latencies, work } = await page.evaluate(() => ({
    latencies: performance.getEntriesByName("castboard:stroke-to-screen").map((e) => e.duration),
    work: performance.getEntriesByName("castboard:stroke-frame").map((e) => e.duration),
  }));
  return { frameWork: distribution(work), eventToPixels: distribution(latencies), frameIntervalMs: round(median(deltas)) };
}
