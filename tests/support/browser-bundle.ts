import path from "node:path";
import { build } from "esbuild";
import type { Page } from "playwright-core";

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
