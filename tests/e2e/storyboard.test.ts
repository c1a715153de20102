import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, VIEWPORTS, watchPage } from "../support/browser";
import { addCaptionedPanel, openBoardWithCaptions, selectShot, waitForCaptions } from "../support/board-page";
import { openApp, reloadWhenSaved } from "../support/cast-page";
import { keyboardMove, moveAndWaitForOver } from "../support/dnd";
import { freshPageForEachTest } from "../support/fresh-page";

const harness = startAppAndBrowserForFile();
// Every test starts from an empty browser profile and builds the board it needs.
const perTest = freshPageForEachTest(() => harness.browser, { viewport: VIEWPORTS.laptop });
const NOTES = 'Slow push in <img src=x onerror="window.__pwned=1"> — לאט 🦀';
const CAPTIONS = ["Dawn on the beach", "Ferris wakes", "A wave hits", "Ferris runs", "The city skyline", "Night falls"];

/** The autosave's wait after a change, and before trying a failed write again (lib/state/sync.ts, lib/storage/debounced-storage.ts). */
const AUTOSAVE_MS = 250;
const SAVE_RETRY_MS = 5000;

const sixPanels = (page: Page) => openBoardWithCaptions(page, harness.app.url, CAPTIONS);

/** Shot 2 gets framing, a duration, a line of dialogue and notes with markup in them. */
async function detailShotTwo(page: Page) {
  await selectShot(page, 2);
  await page.getByLabel("Shot size").selectOption("close-up");
  await page.getByLabel("Camera angle").selectOption("low");
  await page.getByLabel("Duration in seconds").fill("4.5");
  await page.getByRole("button", { name: "Add line" }).click();
  await page.getByLabel("Line 1", { exact: true }).fill("Where am I?");
  await page.getByLabel("Notes").fill(NOTES);
  await page.getByTestId("panel-card").nth(1).getByText("Close-up · Low angle · 4.5s").waitFor();
}

async function dragCard(page: Page, from: number, to: number) {
  const cards = page.getByTestId("panel-card");
  const a = (await cards.nth(from).locator("img, svg").first().boundingBox())!;
  const b = (await cards.nth(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  // dnd-kit has taken the card over another once it announces it there.
  await moveAndWaitForOver(page, async () => {
    await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
    await page.mouse.move(b.x + b.width / 2 + 5, b.y + b.height / 3, { steps: 12 });
  });
  await page.mouse.up();
}

describe("storyboard", () => {
  it("builds a board of six panels with captions", async () => {
    const page = perTest.page;
    const watched = watchPage(page);
    await sixPanels(page);
    expect(await page.getByTestId("shot-number").allInnerTexts()).toEqual(CAPTIONS.map((_, i) => `Shot ${i + 1}`));
    expect(watched.errors).toEqual([]);
  });

  it("reorders by mouse and by keyboard, and shot numbers follow the order", async () => {
    const page = perTest.page;
    await sixPanels(page);
    await dragCard(page, 0, 2);
    await waitForCaptions(page, ["Ferris wakes", "A wave hits", "Dawn on the beach", "Ferris runs", "The city skyline", "Night falls"]);
    // Keyboard: pick shot 3 up by its handle, move it one place left, drop it.
    await page.getByRole("button", { name: "Reorder shot 3" }).focus();
    await keyboardMove(page, ["ArrowLeft"]);
    await waitForCaptions(page, ["Ferris wakes", "Dawn on the beach", "A wave hits", "Ferris runs", "The city skyline", "Night falls"]);
    // And the shortcut: Alt+→ moves the selected shot one place later.
    await selectShot(page, 1);
    await page.keyboard.press("Alt+ArrowRight");
    await waitForCaptions(page, ["Dawn on the beach", "Ferris wakes", "A wave hits", "Ferris runs", "The city skyline", "Night falls"]);
    expect(await page.getByTestId("shot-number").first().innerText()).toBe("Shot 1");
  });

  it("undoes and redoes board operations with the keyboard", async () => {
    const page = perTest.page;
    await sixPanels(page);
    await selectShot(page, 6);
    await page.keyboard.press("Delete");
    await waitForCaptions(page, CAPTIONS.slice(0, 5));
    await page.keyboard.press("Control+z");
    await waitForCaptions(page, CAPTIONS);
    await page.keyboard.press("Control+Shift+z");
    await waitForCaptions(page, CAPTIONS.slice(0, 5));
    await page.keyboard.press("Control+z");
    await waitForCaptions(page, CAPTIONS);
  });

  it("adds shot details and dialogue shown as balloons over the panel", async () => {
    const page = perTest.page;
    await sixPanels(page);
    await detailShotTwo(page);
    const card = page.getByTestId("panel-card").nth(1);
    await card.getByText("Where am I?").first().waitFor();
    // The balloon is an overlay, never pixels: it is text in the DOM over the image.
    const balloon = page.getByTestId("shot-preview").getByRole("button", { name: /Balloon: Ferris: Where am I\?/ });
    const before = (await balloon.boundingBox())!;
    await balloon.focus();
    await page.keyboard.press("Shift+ArrowRight");
    await page.waitForFunction((x) => {
      const el = document.querySelector('[data-testid="shot-preview"] [role="button"]');
      return el && el.getBoundingClientRect().x > x + 5;
    }, before.x);
    await screenshot(page, "board-six-laptop");
  });

  it("opens another shot's details at its heading, not where the last shot's were scrolled to", async () => {
    const page = perTest.page;
    await sixPanels(page);
    await selectShot(page, 1);
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    await inspector.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(() => inspector.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
    await selectShot(page, 4);
    await expect.poll(() => inspector.evaluate((el) => el.scrollTop)).toBe(0);
    const heading = await page.getByRole("heading", { name: "Shot 4", exact: true }).boundingBox();
    const box = await inspector.boundingBox();
    expect(heading!.y).toBeGreaterThanOrEqual(box!.y);
    expect(heading!.y + heading!.height).toBeLessThanOrEqual(box!.y + box!.height);
  });

  it("keeps everything after a reload", async () => {
    const page = perTest.page;
    await sixPanels(page);
    await detailShotTwo(page);
    await reloadWhenSaved(page);
    await waitForCaptions(page, CAPTIONS);
    await selectShot(page, 2);
    expect(await page.getByLabel("Shot size").inputValue()).toBe("close-up");
    expect(await page.getByLabel("Line 1", { exact: true }).inputValue()).toBe("Where am I?");
    expect(await page.getByLabel("Notes").inputValue()).toBe(NOTES);
    // Markup typed by a user is text everywhere: nothing ran.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.getByLabel("Duration in seconds").inputValue()).toBe("4.5");
  });

  it("presents the board one panel at a time with its caption and balloons, and plays it as an animatic", async () => {
    const page = perTest.page;
    await perTest.context.clock.install();
    await sixPanels(page);
    await detailShotTwo(page);
    await selectShot(page, 2);
    await page.getByRole("button", { name: "Present", exact: true }).click();
    const show = page.getByTestId("presentation");
    await show.waitFor();
    expect(await page.getByTestId("presentation-shot").innerText()).toContain("Shot 2 of 6");
    await show.getByText("Where am I?").first().waitFor();
    await show.getByText("Ferris wakes").waitFor();
    await screenshot(page, "presentation-laptop");
    await page.keyboard.press("ArrowRight");
    await page.getByTestId("presentation-shot").getByText("Shot 3 of 6").waitFor();
    await page.keyboard.press("Home");
    await page.keyboard.press("p");
    expect(await show.getAttribute("data-playing")).toBe("true");
    // Shot 1 lasts 3 s by default: the animatic moves on by itself (the page's clock skips those 3 s).
    await page.clock.fastForward(3000);
    await page.getByTestId("presentation-shot").getByText("Shot 2 of 6").waitFor({ timeout: 6000 });
    await page.keyboard.press("Escape");
    await show.waitFor({ state: "detached" });
  });

  it("manages projects: new, rename, switch back, duplicate, delete with undo", async () => {
    const page = perTest.page;
    await sixPanels(page);
    await page.getByRole("button", { name: "Projects" }).click();
    await page.getByRole("menuitem", { name: "New project" }).click();
    await page.getByTestId("board-empty").waitFor();
    await page.getByLabel("Project name").fill("Pitch deck");
    await page.getByLabel("Project name").press("Enter");
    // The project's default aspect ratio shapes its new panels.
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("Aspect ratio of new panels").selectOption("portrait_16_9");
    await page.keyboard.press("Escape");
    await addCaptionedPanel(page, "A tall shot");
    const frame = (await page.getByTestId("panel-card").first().getByRole("button", { name: "Shot 1: A tall shot" }).boundingBox())!;
    expect(frame.height).toBeGreaterThan(frame.width * 1.5);
    await page.getByRole("button", { name: "Projects" }).click();
    await page.getByRole("menuitem", { name: /My storyboard/ }).click();
    await waitForCaptions(page, CAPTIONS);
    await page.getByRole("button", { name: "Projects" }).click();
    await page.getByRole("menuitem", { name: /^Duplicate/ }).click();
    await page.waitForFunction(() => (document.querySelector('[aria-label="Project name"]') as HTMLInputElement)?.value === "My storyboard copy");
    await waitForCaptions(page, CAPTIONS);
    await page.getByRole("button", { name: "Projects" }).click();
    await page.getByRole("menuitem", { name: /^Delete/ }).click();
    await page.getByText("Deleted “My storyboard copy”").waitFor();
    await page.locator("[data-sonner-toast]").getByRole("button", { name: "Undo" }).first().click();
    await page.waitForFunction(() => (document.querySelector('[aria-label="Project name"]') as HTMLInputElement)?.value === "My storyboard copy");
    await page.getByRole("button", { name: "Projects" }).click();
    expect(await page.getByTestId("project-item").allInnerTexts()).toHaveLength(3);
    await page.keyboard.press("Escape");
  });

  it("keeps two tabs on the same project in step", async () => {
    const page = perTest.page;
    await sixPanels(page);
    const second = await page.context().newPage();
    await openApp(second, harness.app.url);
    await waitForCaptions(second, CAPTIONS);
    await selectShot(page, 1);
    await page.getByLabel("Action / caption").fill("Changed in tab one");
    await waitForCaptions(second, ["Changed in tab one", ...CAPTIONS.slice(1)]);
    await selectShot(second, 3);
    await second.getByLabel("Action / caption").fill("Changed in tab two");
    await waitForCaptions(page, ["Changed in tab one", CAPTIONS[1]!, "Changed in tab two", ...CAPTIONS.slice(3)]);
    await second.close();
  });

  it("shows a board of sixty panels", async () => {
    const page = perTest.page;
    await sixPanels(page);
    await selectShot(page, 6);
    for (let i = 0; i < 54; i++) await page.keyboard.press("n");
    await page.waitForFunction(() => document.querySelector("#board-heading")?.textContent?.includes("60"));
    // Panels per row sets the grid's columns, as many as fit: two, then more (at most six).
    const perRow = async () => {
      const tops = await Promise.all([...Array(8).keys()].map(async (i) => Math.round((await page.getByTestId("panel-card").nth(i).boundingBox())!.y)));
      return tops.filter((top) => top === tops[0]).length;
    };
    await page.getByLabel("Panels per row").fill("2");
    await expect.poll(perRow).toBe(2);
    await page.getByLabel("Panels per row").fill("6");
    await expect.poll(perRow).toBeGreaterThan(2);
    expect(await perRow()).toBeLessThanOrEqual(6);
    await screenshot(page, "board-sixty-laptop");
    await page.getByRole("radio", { name: "Strip" }).click();
    // The strip is one row, read left to right.
    await page.locator('[data-testid="board-scroller"][data-layout="strip"]').waitFor();
    const strip = await Promise.all([0, 1, 2].map((i) => page.getByTestId("panel-card").nth(i).boundingBox()));
    expect(new Set(strip.map((b) => Math.round(b!.y))).size).toBe(1);
    expect(strip[0]!.x).toBeLessThan(strip[1]!.x);
    expect(strip[1]!.x).toBeLessThan(strip[2]!.x);
    await screenshot(page, "board-strip-laptop");
    await page.getByRole("radio", { name: "Grid" }).click();
    await page.locator('[data-testid="board-scroller"][data-layout="grid"]').waitFor();
  });
});

describe("damaged storage", () => {
  it("opens with the rest intact when one stored panel is corrupt, and says so", async () => {
    const context = await harness.browser.newContext({ viewport: VIEWPORTS.laptop });
    const fresh = await context.newPage();
    await openApp(fresh, harness.app.url);
    for (const caption of ["One", "Two", "Three"]) await addCaptionedPanel(fresh, caption);
    await fresh.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await fresh.evaluate(async () => {
      const open = indexedDB.open("castboard-state");
      const db: IDBDatabase = await new Promise((resolve) => (open.onsuccess = () => resolve(open.result)));
      const store = db.transaction("state", "readwrite").objectStore("state");
      const keys: string[] = await new Promise((resolve) => (store.getAllKeys().onsuccess = (e) => resolve((e.target as IDBRequest).result)));
      const key = keys.find((k) => k.startsWith("project:"))!;
      const record = await new Promise<{ doc: { panels: unknown[] } }>((resolve) => (store.get(key).onsuccess = (e) => resolve((e.target as IDBRequest).result)));
      record.doc.panels[1] = { id: "broken", recipe: "not a recipe" };
      await new Promise((resolve) => (store.put(record, key).onsuccess = resolve));
    });
    await fresh.reload({ waitUntil: "networkidle" });
    await waitForCaptions(fresh, ["One", "Three"]);
    await fresh.getByRole("alert").getByText(/Panel #2/).waitFor();
    await context.close();
  });
});

describe("full storage", () => {
  it("reports a full quota during autosave with a way out, keeps the change in memory and saves it once there is room", async () => {
    const context = await harness.browser.newContext({ viewport: VIEWPORTS.laptop });
    const fresh = await context.newPage();
    const cdp = await context.newCDPSession(fresh);
    const origin = new URL(harness.app.url).origin;
    // Chromium reads an origin's quota when its storage is first opened: set a small one before the app loads.
    // Not too small: IndexedDB's own files grow by an amount that depends on when it compacts, and a
    // first save that already fails would block the steps before the one under test.
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 700_000 });
    // Time flows as usual on the page's clock; the test moves it on past the autosave's waits instead of sitting them out.
    await context.clock.install();
    await openApp(fresh, harness.app.url);
    await addCaptionedPanel(fresh, "c".repeat(2000));
    await fresh.getByLabel("Notes").fill("n".repeat(4000));
    await fresh.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await selectShot(fresh, 1);
    const dialog = fresh.getByTestId("storage-dialog");
    const heading = fresh.locator("#board-heading");
    for (let i = 0; i < 150 && !(await dialog.isVisible()); i++) {
      // Each duplicate is on the board, and its save done or failed, before the next.
      const before = await heading.textContent();
      await fresh.keyboard.press("Control+d");
      await fresh.waitForFunction((text) => document.querySelector("#board-heading")?.textContent !== text, before);
      await fresh.clock.fastForward(AUTOSAVE_MS);
      await fresh.locator('[data-testid="save-state"][data-state="saved"], [data-testid="save-state"][data-state="failed"]').waitFor();
    }
    await dialog.waitFor({ timeout: 15_000 });
    await screenshot(fresh, "storage-full-laptop");
    expect(await fresh.getByTestId("save-state").getAttribute("data-state")).toBe("failed");
    const panels = await fresh.evaluate(() => document.querySelector("#board-heading")?.textContent);
    await fresh.keyboard.press("Escape");
    // Room again: the change kept in memory is written on the next try, and survives a reload.
    await cdp.send("Storage.overrideQuotaForOrigin", { origin });
    // The failed write is tried again 5 s after it failed.
    await fresh.clock.fastForward(SAVE_RETRY_MS);
    await fresh.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 15_000 });
    await fresh.reload({ waitUntil: "networkidle" });
    await fresh.waitForFunction((text) => document.querySelector("#board-heading")?.textContent === text, panels);
    await context.close();
  });
});
