import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot, VIEWPORTS, watchPage } from "../support/browser";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import sharp from "sharp";
import { SAMPLE_PROJECT_NAME, SAMPLE_SHOTS } from "@/lib/samples/sample-storyboard";
import { boardCaptions } from "../support/board-page";
import { characterNames, openApp, reloadWhenSaved } from "../support/cast-page";

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
    // The panel exists: the board counts it, and the shot's details (code of their own) say the same and offer Retry.
    expect(await page.getByRole("heading", { name: /^Storyboard/ }).innerText()).toMatch(/1$/);
    const details = page.getByRole("alert").filter({ hasText: "Could not load the shot's details" });
    await details.waitFor();
    await screenshot(page, "board-load-failed");

    await page.unroute("**/_next/static/chunks/**");
    await alert.getByRole("button", { name: "Retry" }).click();
    await page.getByTestId("panel-card").waitFor();
    expect(await alert.count()).toBe(0);
    await details.getByRole("button", { name: "Retry" }).click();
    await page.getByRole("heading", { name: "Shot 1", exact: true }).waitFor();
    expect(await details.count()).toBe(0);
    expect(watched.errors.filter((e) => !/internetdisconnected|Failed to fetch|Failed to load|ChunkLoadError/i.test(e))).toEqual([]);
    await page.close();
  });
});

describe("the sample storyboard", () => {
  it("is drawn by the offline engine from the mascot and its mask, one PNG per shot, and refuses other numbers", async () => {
    const response = await fetch(`${harness.app.url}/api/samples/panels/0`);
    expect([response.status, response.headers.get("content-type")]).toEqual([200, "image/png"]);
    const { data, info } = await sharp(Buffer.from(await response.arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1024, 576]);
    // Ferris is bright red: a real share of the frame is his, not an empty backdrop.
    let red = 0;
    for (let i = 0; i < data.length; i += 3) if (data[i]! > 170 && data[i + 1]! < 90 && data[i + 2]! < 90) red++;
    expect(red / (info.width * info.height)).toBeGreaterThan(0.02);
    for (const bad of [String(SAMPLE_SHOTS.length), "-1", "abc", "1.5"]) {
      const refused = await fetch(`${harness.app.url}/api/samples/panels/${bad}`);
      expect([bad, refused.status]).toEqual([bad, 404]);
      expect(await refused.json()).toMatchObject({ error: "not_found" });
    }
  });

  const allCardsDrawn = (page: Page) =>
    page.waitForFunction(
      (n) => {
        const images = [...document.querySelectorAll<HTMLImageElement>('[data-testid="panel-card"] img')];
        return images.length === n && images.every((img) => img.complete && img.naturalWidth > 0);
      },
      SAMPLE_SHOTS.length,
      { timeout: 30_000 },
    );

  it("opens in one click from the first page: Ferris, five drawn shots with framing, captions and dialogue, free, kept across a reload", async () => {
    const page = await harness.browser.newPage({ viewport: VIEWPORTS.laptop });
    const watched = watchPage(page);
    await openApp(page, harness.app.url);
    await page.getByTestId("cast-empty").getByRole("button", { name: "Sample storyboard" }).click();
    await allCardsDrawn(page);
    // It fills the empty project it was opened from, on its first shot.
    expect(await page.getByLabel("Project name").inputValue()).toBe(SAMPLE_PROJECT_NAME);
    expect(await boardCaptions(page)).toEqual(SAMPLE_SHOTS.map((s) => s.caption));
    expect(await characterNames(page)).toEqual(["Ferris"]);
    expect(await page.getByTestId("cost-meter").innerText()).toMatch(/\$0\.00/);
    await page.getByRole("heading", { name: "Shot 1", exact: true }).waitFor();
    expect(await page.getByTestId("take").count()).toBe(1);
    expect(await page.getByTestId("take").innerText()).toMatch(new RegExp(`seed ${SAMPLE_SHOTS[0]!.seed} · free`));
    expect(await page.getByLabel("Scene prompt").inputValue()).toBe(SAMPLE_SHOTS[0]!.prompt);
    expect(await page.getByTestId("panel-card").first().innerText()).toContain(SAMPLE_SHOTS[0]!.line!.text);
    // Building the sample is not a pile of undo steps.
    expect(await page.getByRole("button", { name: "Undo board change" }).isDisabled()).toBe(true);
    await screenshot(page, "sample-laptop");

    await reloadWhenSaved(page);
    await allCardsDrawn(page);
    expect(await boardCaptions(page)).toEqual(SAMPLE_SHOTS.map((s) => s.caption));

    // From a project that has work in it, the menu opens the sample as a new project beside it.
    await page.getByRole("button", { name: "Projects" }).click();
    await page.getByRole("menuitem", { name: "Open the sample storyboard" }).click();
    await page.waitForFunction((name) => (document.querySelector('input[aria-label="Project name"]') as HTMLInputElement | null)?.value === name, `${SAMPLE_PROJECT_NAME} copy`);
    await allCardsDrawn(page);
    await page.getByRole("button", { name: "Projects" }).click();
    expect(await page.getByTestId("project-item").allInnerTexts()).toEqual([
      expect.stringMatching(new RegExp(`^${SAMPLE_PROJECT_NAME} copy\\s+5 shots$`)),
      expect.stringMatching(new RegExp(`^${SAMPLE_PROJECT_NAME}\\s+5 shots$`)),
    ]);
    await page.keyboard.press("Escape");
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("on a phone, shows the board once the sample is open, beside an empty project the user had named", async () => {
    const page = await harness.browser.newPage({ viewport: VIEWPORTS.phone });
    await openApp(page, harness.app.url);
    await page.getByLabel("Project name").fill("Acme pitch");
    await page.getByLabel("Project name").press("Enter");
    await page.getByRole("button", { name: "Sample storyboard" }).click();
    await page.getByRole("heading", { name: `Storyboard ${SAMPLE_SHOTS.length}` }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole("button", { name: "Board", exact: true }).getAttribute("aria-pressed")).toBe("true");
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('[data-testid="panel-card"] img')?.naturalWidth ?? 0) > 0);
    await screenshot(page, "sample-phone");
    expect(await page.getByLabel("Project name").inputValue()).toBe(SAMPLE_PROJECT_NAME);
    await page.getByRole("button", { name: "Projects" }).click();
    expect(await page.getByTestId("project-item").allInnerTexts()).toEqual([expect.stringMatching(/^Sample: /), expect.stringMatching(/^Acme pitch\s+0 shots$/)]);
    await page.close();
  });
});
