import { describe, expect, it } from "vitest";
import { screenshot, VIEWPORTS, watchPage } from "../support/browser";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { openApp } from "../support/cast-page";

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

describe("code a first visit does not need", () => {
  it("loads the board when the first panel appears; if that fails, says so, keeps the panel, and Retry shows it", async () => {
    const page = await harness.browser.newPage({ viewport: VIEWPORTS.laptop });
    const watched = watchPage(page);
    await openApp(page, harness.app.url);
    await page.getByTestId("board-empty").waitFor();
    // The connection drops after the first page: no further code can be fetched.
    const blocked: string[] = [];
    await page.route("**/_next/static/chunks/**", (route) => {
      blocked.push(route.request().url());
      return route.abort("internetdisconnected");
    });
    await page.getByRole("button", { name: "Add a panel" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Could not load the board" });
    await alert.waitFor();
    expect(blocked.length).toBeGreaterThan(0);
    expect(await alert.innerText()).toMatch(/Your work is saved in this browser/);
    // The panel exists: the board counts it and the inspector shows it.
    expect(await page.getByRole("heading", { name: /^Storyboard/ }).innerText()).toMatch(/1$/);
    await page.getByRole("heading", { name: "Shot 1", exact: true }).waitFor();
    await screenshot(page, "board-load-failed");

    await page.unroute("**/_next/static/chunks/**");
    await alert.getByRole("button", { name: "Retry" }).click();
    await page.getByTestId("panel-card").waitFor();
    expect(await alert.count()).toBe(0);
    expect(watched.errors.filter((e) => !/internetdisconnected|Failed to fetch|Failed to load|ChunkLoadError/i.test(e))).toEqual([]);
    await page.close();
  });
});
