import type { Locator, Page } from "playwright-core";
import { describe, expect, it, onTestFinished } from "vitest";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, watchPage } from "../support/browser";
import { openSampleStoryboard } from "../support/board-page";
import { reloadWhenSaved } from "../support/cast-page";
import { freshPageForEachTest } from "../support/fresh-page";

const harness = startAppAndBrowserForFile();
const perTest = freshPageForEachTest(() => harness.browser, { viewport: { width: 1440, height: 900 } });

const firstPage = (page: Page) => page.locator('[data-testid="comic-page"][data-page="1"]');
const letters = (page: Page) => firstPage(page).locator("[data-letter]");
const letter = (page: Page, id: string) => firstPage(page).locator(`[data-letter="${id}"]`);
const outline = (page: Page, id: string) => letter(page, id).locator('[data-part="outline"]');
const centre = async (locator: Locator) => {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

async function openPages(page: Page) {
  await page.getByRole("radio", { name: "Pages" }).click();
  await firstPage(page).waitFor();
}

/** Both lettering faces are in the page, so balloons are measured and drawn in them. */
async function waitForLetteringFonts(page: Page) {
  await page.waitForFunction(() => {
    const loaded = [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family);
    return loaded.some((f) => /comicNeue/.test(f)) && loaded.some((f) => /bangers/.test(f));
  });
}

async function typeInto(page: Page, text: string) {
  const field = page.getByRole("textbox", { name: "Lettering text" });
  await field.waitFor();
  await field.fill(text);
  await field.press("Enter");
  await field.waitFor({ state: "detached" });
}

describe("comic lettering", () => {
  it("letters a page: moves a dialogue balloon, points its tail, edits its words, adds a caption and a turned sound effect, and keeps them on reload", async () => {
    const page = perTest.page;
    const watched = watchPage(page);
    await openSampleStoryboard(page, harness.app.url);
    await page.getByRole("radio", { name: "Pages" }).click();
    await page.getByRole("button", { name: "Lay out pages" }).click();
    await firstPage(page).waitFor();
    await waitForLetteringFonts(page);

    // The sample's dialogue is already lettered: one balloon a line, in the comic face.
    await letters(page).first().waitFor();
    const balloon = letters(page).first();
    const id = (await balloon.getAttribute("data-letter"))!;
    expect(id).toMatch(/^line-/);
    const fontFamily = await balloon.locator("text").first().evaluate((el) => getComputedStyle(el).fontFamily);
    expect(fontFamily).toMatch(/comicNeue/);

    // Drag the balloon 80 px right and 30 px down: it follows, and lands there once; its tail still points where it did.
    const words = `[data-letter="${id}"] [data-part="row"]`;
    const before = (await balloon.locator('[data-part="row"]').first().boundingBox())!;
    const grab = await centre(balloon.locator("text").first());
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(grab.x + 40, grab.y + 15, { steps: 6 });
    await page.mouse.move(grab.x + 80, grab.y + 30, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(([sel, x]) => document.querySelector(sel!)!.getBoundingClientRect().x > Number(x) + 40, [words, before.x] as const);
    expect(await balloon.getAttribute("aria-pressed")).toBe("true");
    // The whole drag is one undo step.
    const moved = await outline(page, id).getAttribute("d");
    await page.getByRole("button", { name: "Undo board change" }).click();
    await page.waitForFunction(([sel, x]) => Math.abs(document.querySelector(sel!)!.getBoundingClientRect().x - Number(x)) < 0.5, [words, before.x] as const);
    await page.getByRole("button", { name: "Redo board change" }).click();
    await page.waitForFunction(([sel, d]) => document.querySelector(sel!)?.getAttribute("d") === d, [`[data-letter="${id}"] [data-part="outline"]`, moved] as const);
    await balloon.locator("text").first().click();

    // Point its tail: drag the tip handle; the tail ends where it was dropped.
    const frame = (await firstPage(page).getByTestId("comic-frame").first().boundingBox())!;
    const tip = letter(page, id).locator('[data-part="tip"]');
    const from = await centre(tip);
    const to = { x: frame.x + frame.width * 0.15, y: frame.y + frame.height * 0.85 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await page.mouse.up();
    await page.waitForFunction(
      ([sel, x, y]) => {
        const r = document.querySelector(sel!)?.getBoundingClientRect();
        return !!r && Math.abs(r.x + r.width / 2 - Number(x)) < 1.5 && Math.abs(r.y + r.height / 2 - Number(y)) < 1.5;
      },
      [`[data-letter="${id}"] [data-part="tip"]`, to.x, to.y] as const,
    );

    // Its words: Enter opens them in place; they are the dialogue line's, so the board shows them too.
    await balloon.focus();
    await page.keyboard.press("Enter");
    await typeInto(page, "Over here, quick!");
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute("aria-label")?.endsWith("Over here, quick!"), `[data-letter="${id}"]`);
    const shape = await outline(page, id).getAttribute("d");

    // A caption and a sound effect in the selected panel, both typed as they are added.
    await firstPage(page).getByTestId("comic-frame").first().click();
    await page.getByRole("toolbar", { name: "Lettering" }).getByRole("button", { name: "Caption" }).click();
    await typeInto(page, "Meanwhile, at the docks…");
    await page.getByRole("toolbar", { name: "Lettering" }).getByRole("button", { name: "Sound effect" }).click();
    await typeInto(page, "KRAKOOM!");
    const sfx = firstPage(page).locator('[data-letter][data-kind="sfx"]');
    await sfx.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("]");
    // New sound effects start at -8°; three turns of 5° make it 7°.
    await page.waitForFunction(() => /^rotate\(7 /.test(document.querySelector('[data-kind="sfx"] [data-part="body"]')?.getAttribute("transform") ?? ""));
    await page.getByRole("button", { name: "Larger lettering" }).click();
    await page.getByLabel("Lettering size").getByText("125%").waitFor();

    // Numbers in reading order.
    await page.getByRole("button", { name: "Numbers" }).click();
    const numbers = await letters(page).evaluateAll((els) => els.map((el) => el.querySelector('[data-part="number"] text')?.textContent));
    expect(numbers).toEqual(numbers.map((_, i) => String(i + 1)));
    await screenshot(page, "comic-lettering-1440");

    await reloadWhenSaved(page);
    await openPages(page);
    await letter(page, id).waitFor();
    expect(await letter(page, id).getAttribute("aria-label")).toMatch(/Over here, quick!$/);
    await waitForLetteringFonts(page);
    await page.waitForFunction(([sel, d]) => document.querySelector(sel!)?.getAttribute("d") === d, [`[data-letter="${id}"] [data-part="outline"]`, shape] as const);
    expect(await firstPage(page).locator('[data-kind="caption"]').getAttribute("aria-label")).toMatch(/Meanwhile, at the docks…$/);
    expect(await firstPage(page).locator('[data-kind="sfx"]').getAttribute("aria-label")).toMatch(/KRAKOOM!$/);
    expect(await firstPage(page).locator('[data-kind="sfx"] [data-part="body"]').getAttribute("transform")).toMatch(/^rotate\(7 /);

    // Delete the caption from the keyboard.
    await firstPage(page).locator('[data-kind="caption"]').focus();
    await page.keyboard.press("Delete");
    await firstPage(page).locator('[data-kind="caption"]').waitFor({ state: "detached" });

    // Too many words for even the largest balloon: the toolbar says so, until they fit again.
    await firstPage(page).getByTestId("comic-frame").nth(1).click();
    await page.getByRole("toolbar", { name: "Lettering" }).getByRole("button", { name: "Speech" }).click();
    await typeInto(page, "So much to say. ".repeat(37).trim());
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Larger lettering" }).click();
    const warning = page.getByTestId("letter-overflow");
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/^Balloon \d+ is too full: shorten the text or make it smaller$/);
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Smaller lettering" }).click();
    await warning.waitFor({ state: "detached" });
    expect(watched.errors).toEqual([]);
  });

  it("shows lettered pages on a phone", async () => {
    // A phone's dense screen, so the screenshot shows the lettering as crisply as a reader sees it.
    const context = await harness.browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 2 });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await openSampleStoryboard(page, harness.app.url);
    await page.getByRole("radio", { name: "Pages" }).click();
    await page.getByRole("button", { name: "Lay out pages" }).click();
    await firstPage(page).waitFor();
    await waitForLetteringFonts(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await letters(page).first().waitFor();
    const sheet = (await firstPage(page).boundingBox())!;
    for (const box of await letters(page).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.x).toBeGreaterThanOrEqual(sheet.x - 1);
      expect(box.x + box.width).toBeLessThanOrEqual(sheet.x + sheet.width + 1);
    }
    await firstPage(page).scrollIntoViewIfNeeded();
    await screenshot(page, "comic-lettering-390");
  });
});
