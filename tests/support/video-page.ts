import path from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser";
import type { VideoHarness } from "./video-harness";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** WebCodecs and the origin's file system need a secure context: a localhost page, served by the test. */
const ORIGIN = "http://localhost:4599";

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "chrome120",
    alias: { "@": ROOT },
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

export type { VideoHarness } from "./video-harness";

/** A Chromium page with tests/support/video-harness.ts on `window.videoHarness` and the real encoding worker ready. */
export async function openVideoPage(existing?: Browser): Promise<{ browser: Browser; page: Page; close(): Promise<void> }> {
  const browser = existing ?? (await launchChromium());
  const context = await browser.newContext();
  const page = await context.newPage();
  const [harness, worker] = await Promise.all([bundle("tests/support/video-harness.ts"), bundle("lib/animatic/video/encode-worker.ts")]);
  await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>video</title>" }));
  await page.goto(`${ORIGIN}/`);
  await page.addScriptTag({ content: harness });
  await page.evaluate((source) => (window as unknown as { videoHarness: VideoHarness }).videoHarness.setWorkerSource(source), worker);
  return {
    browser,
    page,
    close: async () => {
      await context.close();
      if (!existing) await browser.close();
    },
  };
}
