import { readFileSync } from "node:fs";
import { decode } from "fast-png";
import sharp from "sharp";
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import * as fixtures from "../fixtures/generate";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, VIEWPORTS } from "../support/browser";
import { chooseFiles, openApp, reloadWhenSaved, waitForCharacters } from "../support/cast-page";
import { canvasMapping, mouseStroke, type CanvasMapping } from "../support/pointer";

/**
 * Masks in one click: a character added gets an automatic mask, the card says so, the painter
 * opens on it, and the wand, refine and Auto mask each change it as one undo step. "No mask" stays
 * a choice that sticks.
 */
const W = 1200;
const H = 807;
/** In the mascot's left pupil (black), inside the crab (red), and in the beige background. */
const PUPIL = [584, 480] as const;
const BODY = [700, 300] as const;
const BACKGROUND = [20, 20] as const;
/** The dot of the question mark beside the crab. */
const QUESTION_DOT = [114, 356] as const;

const harness = startAppAndBrowserForFile();
let context: BrowserContext | undefined;
afterEach(async () => context?.close());

async function addMascot(viewport: { width: number; height: number }): Promise<Page> {
  context = await harness.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await openApp(page, harness.app.url);
  await chooseFiles(page, [await fixtures.mascot()]);
  await waitForCharacters(page, 1);
  await page.getByTestId("mask-status").filter({ hasText: /^Auto mask/ }).waitFor({ timeout: 10_000 });
  return page;
}

async function downloadMask(page: Page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download PNG" }).click()]);
  const png = decode(readFileSync((await download.path())!));
  const at = (x: number, y: number) => png.data[y * png.width + x]!;
  let character = 0;
  for (const value of png.data) if (value === 0) character++;
  return { png, at, character };
}

/** Waits until the automatic tools have put `count` results into the document since it opened. */
async function appliedResults(page: Page, count: number): Promise<void> {
  await page.locator(`[data-testid="auto-tool-status"][data-applied="${count}"]`).waitFor({ state: "attached" });
}

async function screenPixel(page: Page, map: CanvasMapping, x: number, y: number): Promise<number[]> {
  const at = map.toScreen(x, y);
  const shot = await page.screenshot({ clip: { x: at.x - 1, y: at.y - 1, width: 3, height: 3 } });
  const { data } = await sharp(shot).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return [data[12]!, data[13]!, data[14]!];
}

describe("automatic masks", () => {
  it("proposes a mask on add; the wand removes a region, Grow widens the edge, Auto mask is one undo step", async () => {
    const page = await addMascot({ width: 1440, height: 900 });
    await screenshot(page, "auto-mask-card-laptop");

    await page.getByTestId("mask-status").click();
    await page.getByTestId("mask-canvas").waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes("Opening the reference"));
    const map = await canvasMapping(page, W, H);
    const proposed = await downloadMask(page);
    expect(proposed.character).toBeGreaterThan(0);
    expect([proposed.at(...BODY), proposed.at(...PUPIL), proposed.at(...BACKGROUND)]).toEqual([0, 0, 255]);

    // The wand previews the region under the pointer before any click: the black pupil turns light.
    await page.keyboard.press("w");
    await page.getByRole("group", { name: "Wand" }).waitFor();
    const pupil = map.toScreen(...PUPIL);
    await page.mouse.move(pupil.x, pupil.y);
    await expect.poll(async () => (await screenPixel(page, map, ...PUPIL))[0], { timeout: 5000 }).toBeGreaterThan(100);
    await screenshot(page, "auto-mask-wand-preview-laptop");
    expect(await page.getByRole("button", { name: "Undo" }).isEnabled()).toBe(false);

    await page.keyboard.down("Alt");
    await page.mouse.click(pupil.x, pupil.y);
    await page.keyboard.up("Alt");
    await appliedResults(page, 1);
    const removed = await downloadMask(page);
    expect([removed.at(...PUPIL), removed.at(...BODY)]).toEqual([255, 0]);
    expect(removed.character).toBeLessThan(proposed.character);

    // Grow by 4 px: nothing character is lost, and the pixel 2 px past the crab's right edge joins it.
    let edge = W - 1;
    while (edge > 0 && removed.at(edge, BODY[1]) !== 0) edge--;
    expect(removed.at(edge + 2, BODY[1])).toBe(255);
    await page.getByRole("button", { name: "Refine" }).click();
    await page.getByLabel("Pixels").fill("4");
    await page.getByRole("button", { name: "Grow" }).click();
    await appliedResults(page, 2);
    const grown = await downloadMask(page);
    expect(grown.at(edge + 2, BODY[1])).toBe(0);
    expect(grown.character).toBeGreaterThan(removed.character);
    let lost = 0;
    for (let i = 0; i < removed.png.data.length; i++) if (removed.png.data[i] === 0 && grown.png.data[i] !== 0) lost++;
    expect(lost).toBe(0);
    // The pupil hole is far wider than 4 px: its centre stays out.
    expect(grown.at(...PUPIL)).toBe(255);

    // Auto mask puts the proposal back in one step; Undo takes it back like a stroke.
    await page.getByRole("button", { name: "Auto mask" }).click();
    await appliedResults(page, 3);
    expect((await downloadMask(page)).at(...PUPIL)).toBe(0);
    await page.getByRole("button", { name: "Undo" }).click();
    const undone = await downloadMask(page);
    expect(undone.png.data).toEqual(grown.png.data);

    // Box select: the proposal only inside the box dragged round the crab; the question mark's dot is left out.
    await page.keyboard.press("x");
    await mouseStroke(page, map, [[165, 20], [700, 400], [1195, 802]]);
    await appliedResults(page, 4);
    const boxed = await downloadMask(page);
    expect([boxed.at(...QUESTION_DOT), boxed.at(...BODY)]).toEqual([255, 0]);
    await screenshot(page, "auto-mask-box-laptop");

    await page.getByRole("button", { name: "Done" }).click();
    await page.getByTestId("mask-status").filter({ hasText: "Mask painted" }).waitFor();
  });

  it("keeps No mask as a choice that stays after a reload", async () => {
    const page = await addMascot(VIEWPORTS.phone);
    await screenshot(page, "auto-mask-card-phone");
    // The status opens the painter on the proposal; closing it unchanged keeps it automatic.
    await page.getByTestId("mask-status").click();
    await page.getByTestId("mask-canvas").waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes("Opening the reference"));
    await page.keyboard.press("w");
    await screenshot(page, "auto-mask-painter-phone");
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByTestId("mask-status").filter({ hasText: /^Auto mask/ }).waitFor();
    const details = page.getByRole("button", { name: "Details", exact: true });
    if (await details.isVisible()) await details.click();
    await page.getByRole("button", { name: "Use no mask" }).click();
    await page.getByRole("button", { name: "Paint mask" }).waitFor();
    await reloadWhenSaved(page);
    await page.getByTestId("mask-status").filter({ hasText: /^No mask$/ }).waitFor();
    await screenshot(page, "auto-mask-none-phone");
  });
});
