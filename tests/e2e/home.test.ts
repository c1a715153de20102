import { describe, expect, it } from "vitest";
import { screenshot, VIEWPORTS, watchPage } from "../support/browser";
import { startAppAndBrowserForFile } from "../support/app-and-browser";

const harness = startAppAndBrowserForFile();

describe("first page", () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`shows the name, the mode and the way to setup on a ${name}, fetching nothing from outside`, async () => {
      const page = await harness.browser.newPage({ viewport });
      const watched = watchPage(page);
      await page.goto(harness.app.url, { waitUntil: "networkidle" });
      expect(await page.getByRole("heading", { name: "Castboard", level: 1 }).isVisible()).toBe(true);
      const badge = page.getByTestId("mode-badge");
      expect(await badge.getAttribute("data-mode")).toBe("offline");
      expect(await badge.innerText()).toMatch(/Offline engine/);
      await page.getByTestId("cast-empty").waitFor();
      await screenshot(page, `home-${name}`);
      expect(watched.errors).toEqual([]);
      const outside = watched.requests.filter((url) => !url.startsWith(harness.app.url) && !url.startsWith("data:"));
      expect(outside).toEqual([]);
      await page.getByRole("link", { name: "Setup guide" }).click();
      await page.waitForURL(`${harness.app.url}/setup`);
      expect(await page.getByRole("heading", { name: "Quick start" }).isVisible()).toBe(true);
      await page.close();
    });
  }
});
