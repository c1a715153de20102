import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchChromium, screenshot, VIEWPORTS } from "../support/browser";
import { addPanel, selectShot, waitForStatus, waitForTakes, watchUploads } from "../support/board-page";
import { openApp, reloadWhenSaved, waitForCharacters } from "../support/cast-page";
import { freshPageForEachTest } from "../support/fresh-page";
import { canvasMapping, mouseStroke } from "../support/pointer";
import { freePort, startApp, startEngine, type RunningApp } from "../support/servers";

const KEY = "generation-test-key";
const OFFLINE = { OFFLINE_LATENCY_MS: "1200" };
const PROMPTS = ["Ferris wakes up on a sunny beach", "Ferris walks into a neon city at night", "Ferris reaches a snowy forest at dawn"];
let app: RunningApp;
let port: number;
let browser: Awaited<ReturnType<typeof launchChromium>>;

/** Which app `app` is: the re-render test swaps in one with a fal key on the same port. */
let appHasKey = false;

beforeAll(async () => {
  port = await freePort();
  [app, browser] = await Promise.all([startApp(OFFLINE, { port }), launchChromium()]);
});
// Back to the offline app before a test that follows the re-render test, and only then: it runs last.
beforeEach(async () => {
  if (!appHasKey) return;
  await app.stop();
  app = await startApp(OFFLINE, { port });
  appHasKey = false;
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});
// Each test has its own empty browser profile and composes the board it needs.
const perTest = freshPageForEachTest(() => browser, { viewport: VIEWPORTS.laptop });

async function generate(target: Page) {
  await target.getByRole("button", { name: /^Generate/ }).last().click();
}

/** The sample character and three shots with prompts, each with one draft take from a batch. */
async function threeDrafts(page: Page) {
  await openApp(page, app.url);
  await page.getByRole("button", { name: "Try the sample: Ferris" }).click();
  await waitForCharacters(page, 1);
  for (const prompt of PROMPTS) await addPanel(page, prompt);
  await page.getByRole("button", { name: "Generate all" }).click();
  await page.getByRole("dialog").getByText("3 images in total").waitFor();
  await page.getByRole("button", { name: "Generate drafts" }).click();
  await waitForStatus(page, ["IN_QUEUE", "IN_PROGRESS"]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-card"] img').length === 3, null, { timeout: 30_000 });
}

/** Waits until the open project, as stored in IndexedDB, has a request id pending for shot `shot`. */
async function waitForStoredRequest(page: Page, shot: number) {
  await page.waitForFunction(async (index) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("castboard-state");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const store = db.transaction("state").objectStore("state");
      const values = await new Promise<{ doc?: { panels: { pending?: { requestId?: string | null } | null }[] } }[]>((resolve) => {
        const all = store.getAll();
        all.onsuccess = () => resolve(all.result);
      });
      return values.some((value) => !!value?.doc?.panels?.[index]?.pending?.requestId);
    } finally {
      db.close();
    }
  }, shot - 1, { polling: 100, timeout: 20_000 });
}

describe("generation", () => {
  it("composes three panels and generates them as a batch, uploading each image once", async () => {
    const page = perTest.page;
    const uploads = watchUploads(page);
    await threeDrafts(page);
    expect(uploads.count()).toBe(2);
    await screenshot(page, "board-three-panels-laptop");
  });

  it("cancels a generation and keeps everything typed", async () => {
    const page = perTest.page;
    await threeDrafts(page);
    await selectShot(page, 1);
    await generate(page);
    await waitForStatus(page, ["IN_QUEUE", "IN_PROGRESS"]);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByTestId("panel-error").and(page.locator('[data-kind="cancelled"]')).waitFor();
    expect(await page.getByLabel("Scene prompt").inputValue()).toBe("Ferris wakes up on a sunny beach");
    expect(await page.getByTestId("take").count()).toBe(1);
    // The cancelled request never lands: generating again (submitted later, so done later) adds exactly one take.
    await generate(page);
    await waitForStatus(page, ["IN_QUEUE", "IN_PROGRESS"]);
    await page.waitForFunction(() => !document.querySelector('[data-testid="panel-card"] [data-testid="panel-status"]'), null, { timeout: 30_000 });
    expect(await page.getByTestId("take").count()).toBe(2);
  });

  it("shows a failure with Retry, and Retry succeeds", async () => {
    const page = perTest.page;
    await threeDrafts(page);
    await selectShot(page, 2);
    let failed = false;
    await page.route("**/api/fal/proxy", async (route) => {
      if (!failed && route.request().headers()["x-fal-target-url"]?.endsWith("/fal-ai/ideogram/character")) {
        failed = true;
        return route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: "upstream_failed", message: "fal failed with HTTP 500. Try again in a moment." }) });
      }
      return route.continue();
    });
    await generate(page);
    const error = page.getByTestId("panel-error");
    await error.waitFor();
    expect(await error.innerText()).toMatch(/fal failed with HTTP 500/);
    expect(await page.getByLabel("Scene prompt").inputValue()).toBe("Ferris walks into a neon city at night");
    await page.getByRole("button", { name: "Retry" }).click();
    await waitForTakes(page, 2);
    await page.unroute("**/api/fal/proxy");
  });

  it("picks a variation from a take of four", async () => {
    const page = perTest.page;
    await threeDrafts(page);
    await selectShot(page, 3);
    await page.getByTestId("num-images").getByRole("radio", { name: "4", exact: true }).check();
    await generate(page);
    await waitForTakes(page, 2);
    const variations = page.getByTestId("take").first().getByTestId("variation");
    expect(await variations.count()).toBe(4);
    const before = await page.getByTestId("panel-card").nth(2).locator("img").getAttribute("src");
    await variations.nth(2).click();
    expect(await variations.nth(2).getAttribute("aria-pressed")).toBe("true");
    await page.waitForFunction((src) => document.querySelectorAll('[data-testid="panel-card"]')[2]!.querySelector("img")?.getAttribute("src") !== src, before);
  });

  it("resumes a generation after a reload and lands it in its panel", async () => {
    const page = perTest.page;
    await threeDrafts(page);
    await selectShot(page, 1);
    await generate(page);
    await waitForStatus(page, ["IN_QUEUE", "IN_PROGRESS"]);
    // The request is stored before the reload, as the app would have it after any crash.
    await waitForStoredRequest(page, 1);
    await reloadWhenSaved(page);
    await selectShot(page, 1);
    await waitForTakes(page, 2);
  });

  it("re-renders a draft take and a draft fix on fal with the same parameters once a key is available", async () => {
    const page = perTest.page;
    await threeDrafts(page);
    // A draft fix of shot 3's image: a box over its middle, repainted offline for free.
    await selectShot(page, 3);
    await page.getByRole("button", { name: "Fix a region", exact: true }).click();
    const fix = page.getByTestId("fix-dialog");
    await fix.getByTestId("mask-canvas").waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes("Opening the image"));
    await fix.getByRole("radio", { name: "Rectangle (R)" }).click();
    await mouseStroke(page, await canvasMapping(page, 1024, 576), [[300, 150], [700, 450]]);
    await fix.getByRole("button", { name: "Draft fix · free" }).click();
    await waitForTakes(page, 2);
    const engine = await startEngine({ key: KEY });
    await app.stop();
    // Same port, so the same origin and browser storage: the app now has a fal key.
    app = await startApp({ FAL_KEY: KEY, FAL_UPSTREAM_URL: engine.url }, { port });
    appHasKey = true;
    try {
      await reloadWhenSaved(page);
      await selectShot(page, 2);
      const draftTake = page.getByTestId("take").first();
      const seed = /seed (\d+)/.exec(await draftTake.innerText())![1];
      const takes = await page.getByTestId("take").count();
      await draftTake.getByRole("button", { name: /Render on fal/ }).click();
      await waitForTakes(page, takes + 1);
      const newest = await page.getByTestId("take").first().innerText();
      expect(newest).toMatch(/^fal/);
      expect(newest).toContain(`seed ${seed}`);
      expect(await page.getByTestId("cost-meter").innerText()).toBe("Spent on fal: $0.15");
      const submits = engine.received.filter((r) => r.path === "/queue.fal.run/fal-ai/ideogram/character");
      expect(submits.map((r) => r.authorization)).toEqual([`Key ${KEY}`]);
      await screenshot(page, "board-fal-take-laptop");

      // The draft fix renders on fal in one click: the same image, region and seed, to the edit endpoint.
      await selectShot(page, 3);
      const draftFix = page.getByTestId("take").first();
      expect(await draftFix.getByTestId("take-origin").innerText()).toBe("Fix");
      const fixSeed = /seed (\d+)/.exec(await draftFix.innerText())![1];
      await draftFix.getByRole("button", { name: /Render on fal/ }).click();
      await waitForTakes(page, 3);
      const renderedFix = page.getByTestId("take").first();
      expect(await renderedFix.innerText()).toMatch(/^fal/);
      expect(await renderedFix.getByTestId("take-origin").innerText()).toBe("Fix");
      expect(await renderedFix.innerText()).toContain(`seed ${fixSeed}`);
      expect(await page.getByTestId("cost-meter").innerText()).toBe("Spent on fal: $0.30");
      const edits = engine.received.filter((r) => r.path === "/queue.fal.run/fal-ai/ideogram/character/edit");
      expect(edits.map((r) => r.authorization)).toEqual([`Key ${KEY}`]);

      // With a key, the fix button carries the price, and the dialog says edit's price is assumed.
      await page.getByRole("button", { name: "Fix a region", exact: true }).click();
      await page.waitForFunction(() => !document.body.innerText.includes("Opening the image"));
      await page.getByTestId("fix-dialog").getByRole("button", { name: "Fix region · $0.15" }).waitFor();
      expect(await page.getByTestId("fix-dialog").innerText()).toMatch(/edit price assumed/i);
      await screenshot(page, "fix-dialog-fal-laptop");
      await page.keyboard.press("Escape");
    } finally {
      // The offline app comes back before the next test, if one follows (beforeEach), not after the last one.
      await engine.close();
    }
  });
});
