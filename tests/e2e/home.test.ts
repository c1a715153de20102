import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, VIEWPORTS, watchPage } from "../support/browser";
import { startApp, type RunningApp } from "../support/servers";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("first page", () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`shows the name, the mode and the way to setup on a ${name}, fetching nothing from outside`, async () => {
      const page = await browser.newPage({ viewport });
      const watched = watchPage(page);
      await page.goto(app.url, { waitUntil: "networkidle" });
      expect(await page.getByRole("heading", { name: "Castboard", level: 1 }).isVisible()).toBe(true);
      const badge = page.getByTestId("mode-badge");
      expect(await badge.getAttribute("data-mode")).toBe("offline");
      expect(await badge.innerText()).toMatch(/Offline engine/);
      await page.getByTestId("cast-empty").waitFor();
      await screenshot(page, `home-${name}`);
      expect(watched.errors).toEqual([]);
      const outside = watched.requests.filter((url) => !url.startsWith(app.url) && !url.startsWith("data:"));
      expect(outside).toEqual([]);
      await page.getByRole("link", { name: "Setup guide" }).click();
      await page.waitForURL(`${app.url}/setup`);
      expect(await page.getByRole("heading", { name: "Quick start" }).isVisible()).toBe(true);
      await page.close();
    });
  }
});
