import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import type { PixelRect, RenderedPage } from "./pdf-render.browser";

export type { PixelRect } from "./pdf-render.browser";

export interface PdfPageRender extends Omit<RenderedPage, "png"> {
  png: Buffer;
  /** RGBA, row by row. */
  rgba: Buffer;
}

const SHOTS = path.resolve(import.meta.dirname, "../../.test-results/screenshots");
let bundle: Promise<string> | undefined;

function pdfjsBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.join(import.meta.dirname, "pdf-render.browser.ts")],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "PdfRender",
    platform: "browser",
    target: "esnext",
    logLevel: "silent",
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}

/**
 * Renders every page of a PDF with pdf.js inside Chromium (no system tool needed) at `scale`
 * canvas pixels per point, writes each page to .test-results/screenshots/<name>-<n>.png for a
 * person to look at, and returns the pixels with where pdf.js drew text and images.
 */
export async function renderPdf(browser: Browser, bytes: Uint8Array, name: string, scale = 1.5): Promise<PdfPageRender[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.setContent("<!doctype html><title>pdf.js</title>");
    await page.addScriptTag({ content: await pdfjsBundle() });
    const rendered = await page.evaluate(
      ([data, s]) => (window as unknown as { PdfRender: typeof import("./pdf-render.browser") }).PdfRender.render(data, s),
      [Buffer.from(bytes).toString("base64"), scale] as const,
    );
    if (errors.length) throw new Error(`pdf.js failed in the page: ${errors.join("; ")}`);
    mkdirSync(SHOTS, { recursive: true });
    return Promise.all(
      rendered.map(async (p, i) => {
        const png = Buffer.from(p.png, "base64");
        writeFileSync(path.join(SHOTS, `${name}-${i + 1}.png`), png);
        const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        if (info.width !== p.width || info.height !== p.height) throw new Error("the rendered PNG does not have the canvas's size");
        return { ...p, png, rgba: data };
      }),
    );
  } finally {
    await context.close();
  }
}

/** Share of the pixels inside `rect` for which `test(r, g, b)` holds (transparent counts as white). */
export function shareOf(page: PdfPageRender, rect: PixelRect, test: (r: number, g: number, b: number) => boolean): number {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(page.width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(page.height, Math.ceil(rect.y + rect.height));
  let hits = 0;
  let total = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * page.width + x) * 4;
      const a = page.rgba[i + 3]! / 255;
      const [r, g, b] = [0, 1, 2].map((c) => page.rgba[i + c]! * a + 255 * (1 - a)) as [number, number, number];
      total++;
      if (test(r, g, b)) hits++;
    }
  }
  return total ? hits / total : 0;
}

/** Dark enough to be ink on white paper. */
export const isInk = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b < 140;
/** Clearly coloured (the page chrome and text are greys; only pictures are in colour). */
export const isColour = (r: number, g: number, b: number) => Math.max(r, g, b) - Math.min(r, g, b) > 40;
