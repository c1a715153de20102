import path from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./browser";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Bundles a module of the app for the browser and installs its exports on `window[name]`, so
 * tests can call the real library code inside real Chromium (canvas, createImageBitmap, Blob).
 */
export async function loadModule(page: Page, entry: string, name: string): Promise<void> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    write: false,
    format: "iife",
    globalName: name,
    platform: "browser",
    target: "chrome120",
    alias: { "@": ROOT },
    logLevel: "silent",
  });
  await page.addScriptTag({ content: result.outputFiles[0]!.text });
}

/** For a test file: Chromium with a blank page that has `entry`'s exports on `window[name]`. */
export function moduleInChromium(entry: string, name: string): { readonly page: Page } {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent(`<!doctype html><title>${name}</title>`);
    await loadModule(page, entry, name);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get page() {
      return page!;
    },
  };
}
