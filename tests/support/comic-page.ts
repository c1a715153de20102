import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { COMIC_FONTS, type ComicFontKey } from "@/lib/comic/comic-fonts";
import type { ComicHarness } from "./comic-harness";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Workers from blob URLs need a real origin: a localhost page the test serves itself. */
const ORIGIN = "http://localhost:4598";

async function bundle(entry: string): Promise<string> {
  const result = await build({ entryPoints: [path.join(ROOT, entry)], bundle: true, write: false, format: "iife", platform: "browser", target: "chrome120", alias: { "@": ROOT }, logLevel: "silent" });
  return result.outputFiles[0]!.text;
}

const b64 = (file: string) => readFileSync(file).toString("base64");

/** A Chromium page with tests/support/comic-harness.ts on `window.comicHarness`, the PDF worker and the lettering faces ready. */
export async function openComicPage(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const [harness, worker] = await Promise.all([bundle("tests/support/comic-harness.ts"), bundle("lib/comic/export/comic-pdf.worker.ts")]);
  await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>comic</title>" }));
  await page.goto(`${ORIGIN}/`);
  await page.addScriptTag({ content: harness });
  const fonts = Object.fromEntries((Object.keys(COMIC_FONTS) as ComicFontKey[]).map((k) => [k, b64(path.join(ROOT, "node_modules", COMIC_FONTS[k].file))]));
  const dejavu = path.join(ROOT, "node_modules/dejavu-fonts-ttf/ttf");
  const sans = { regular: b64(path.join(dejavu, "DejaVuSans.ttf")), bold: b64(path.join(dejavu, "DejaVuSans-Bold.ttf")) };
  await page.evaluate(([f, s, w]) => (window as unknown as { comicHarness: ComicHarness }).comicHarness.setup(f as never, s, w), [fonts, sans, worker] as const);
  return { page, close: () => context.close() };
}

/** Calls a harness function in the page. */
export function inComicPage<K extends keyof ComicHarness>(page: Page, name: K, ...args: Parameters<ComicHarness[K]>): Promise<Awaited<ReturnType<ComicHarness[K]>>> {
  return page.evaluate(([n, a]) => (window as unknown as { comicHarness: Record<string, (...x: unknown[]) => unknown> }).comicHarness[n as string]!(...(a as unknown[])), [name, args] as const) as never;
}
