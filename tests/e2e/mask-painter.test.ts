import { readFileSync } from "node:fs";
import { decode } from "fast-png";
import sharp from "sharp";
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fixtures from "../fixtures/generate";
import { screenshot, VIEWPORTS } from "../support/browser";
import { chooseFiles, chooseNoMask, openApp, reloadWhenSaved, waitForCharacters } from "../support/cast-page";
import { canvasMapping, mouseStroke, penStroke, pinch, type CanvasMapping } from "../support/pointer";
import { startAppAndBrowserForFile } from "../support/app-and-browser";

const W = 1200;
const H = 807;
const harness = startAppAndBrowserForFile();
let context: BrowserContext;
let page: Page;

beforeEach(async () => {
  context = await harness.browser.newContext({ viewport: VIEWPORTS.laptop, acceptDownloads: true });
  page = await context.newPage();
});
afterEach(async () => context?.close());

async function openPainter(target: Page = page): Promise<CanvasMapping> {
  await openApp(target, harness.app.url);
  await chooseFiles(target, [await fixtures.mascot()]);
  await waitForCharacters(target, 1);
  // On a phone the details are a tab of their own.
  const details = target.getByRole("button", { name: "Details", exact: true });
  if (await details.isVisible()) await details.click();
  // These tests paint from a blank mask, not from the automatic proposal.
  await chooseNoMask(target);
  await target.getByRole("button", { name: "Paint mask" }).click();
  await target.getByTestId("mask-canvas").waitFor();
  await target.waitForFunction(() => !document.body.innerText.includes("Opening the reference"));
  return canvasMapping(target, W, H);
}

async function downloadMask(target: Page = page) {
  const [download] = await Promise.all([target.waitForEvent("download"), target.getByRole("button", { name: "Download PNG" }).click()]);
  const png = decode(readFileSync((await download.path())!));
  const at = (x: number, y: number) => png.data[y * png.width * png.channels + x * png.channels]!;
  const painted = (value: number) => {
    let count = 0;
    for (let i = 0; i < png.data.length; i += png.channels) if (png.data[i] === value) count++;
    return count;
  };
  return { png, at, painted, name: download.suggestedFilename() };
}

/** Character rows in one column between two heights: a stroke's thickness there. */
function thicknessAt(mask: Awaited<ReturnType<typeof downloadMask>>, x: number, fromY: number, toY: number): number {
  let rows = 0;
  for (let y = fromY; y < toY; y++) if (mask.at(x, y) === 0) rows++;
  return rows;
}

describe("mask painter", () => {
  it("paints, undoes, redoes and exports a grayscale PNG of the reference's exact size", async () => {
    const map = await openPainter();
    await mouseStroke(page, map, [[450, 420], [650, 420], [850, 420]]);
    expect(await page.getByRole("button", { name: "Undo" }).isEnabled()).toBe(true);
    let mask = await downloadMask();
    expect([mask.png.width, mask.png.height, mask.png.channels, mask.png.depth]).toEqual([W, H, 1, 8]);
    expect(mask.name).toBe("Mascot-reference-mask.png");
    expect(mask.at(650, 420)).toBe(0);
    expect(mask.at(100, 100)).toBe(255);
    expect(new Set(mask.png.data)).toEqual(new Set([0, 255]));

    await page.keyboard.press("Control+z");
    mask = await downloadMask();
    expect(mask.at(650, 420)).toBe(255);
    expect(await page.getByRole("button", { name: "Redo" }).isEnabled()).toBe(true);
    await page.keyboard.press("Control+Shift+z");
    mask = await downloadMask();
    expect(mask.at(650, 420)).toBe(0);
    await screenshot(page, "mask-painter-laptop");

    // "Mask as sent" shows the PNG's two values on screen: the painted stroke one way, the rest the other.
    const asSent = page.getByRole("button", { name: "Mask as sent" });
    await asSent.click();
    expect(await asSent.getAttribute("aria-pressed")).toBe("true");
    const grey = async (x: number, y: number) => {
      const at = map.toScreen(x, y);
      const shot = await page.screenshot({ clip: { x: at.x - 1, y: at.y - 1, width: 3, height: 3 } });
      const { data } = await sharp(shot).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      return Math.round((data[12]! + data[13]! + data[14]!) / 3);
    };
    expect([await grey(650, 420), await grey(100, 100)]).toEqual([0, 255]);
    await screenshot(page, "mask-painter-as-sent-laptop");
  });

  it("clears, fills, inverts and erases, each one undo step", async () => {
    const map = await openPainter();
    await page.getByRole("button", { name: "Fill all" }).click();
    expect((await downloadMask()).painted(0)).toBe(W * H);
    await page.keyboard.press("e");
    await mouseStroke(page, map, [[200, 200], [300, 200]]);
    let mask = await downloadMask();
    expect(mask.at(250, 200)).toBe(255);
    expect(mask.at(600, 600)).toBe(0);
    await page.getByRole("button", { name: "Invert mask" }).click();
    mask = await downloadMask();
    expect([mask.at(250, 200), mask.at(600, 600)]).toEqual([0, 255]);
    await page.getByRole("button", { name: "Clear mask" }).click();
    expect((await downloadMask()).painted(255)).toBe(W * H);
    await page.getByRole("button", { name: "Undo" }).click();
    mask = await downloadMask();
    expect([mask.at(250, 200), mask.at(600, 600)]).toEqual([0, 255]);
  });

  it("changes brush size with [ and ], and pen pressure thins the stroke", async () => {
    const map = await openPainter();
    const size = page.getByRole("group", { name: "Brush size" });
    const before = await size.innerText();
    await page.keyboard.press("]");
    expect(await size.innerText()).not.toBe(before);
    await page.keyboard.press("[");
    expect(await size.innerText()).toBe(before);
    const cdp = await context.newCDPSession(page);
    await penStroke(cdp, map, [[300, 200], [500, 200], [700, 200], [900, 200]], 0.25);
    await penStroke(cdp, map, [[300, 650], [500, 650], [700, 650], [900, 650]], 1);
    const mask = await downloadMask();
    const light = thicknessAt(mask, 600, 0, 400);
    const full = thicknessAt(mask, 600, 400, H);
    expect(light).toBeGreaterThan(0);
    expect(full).toBeGreaterThan(light * 2.5);
  });

  it("saves the mask on Done, shows it on the card, keeps it after a reload, and honours inverted polarity", async () => {
    const map = await openPainter();
    await mouseStroke(page, map, [[500, 400], [800, 400]]);
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByText("Mask painted").waitFor();
    await reloadWhenSaved(page);
    await page.getByText("Mask painted").waitFor();
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("Invert mask polarity").check();
    await page.getByRole("button", { name: "Close settings" }).click();
    await page.getByRole("button", { name: "Edit mask" }).click();
    await page.waitForFunction(() => !document.body.innerText.includes("Opening the reference"));
    const mask = await downloadMask();
    expect([mask.at(650, 400), mask.at(100, 100)]).toEqual([255, 0]);
  });

  it("zooms with the wheel and fits back, pinches and pans with two fingers on a phone", async () => {
    await openPainter();
    const zoom = page.getByTestId("zoom-level");
    const fitted = await zoom.innerText();
    const box = (await page.getByTestId("mask-canvas").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((f) => document.querySelector('[data-testid="zoom-level"]')!.textContent !== f, fitted);
    await page.keyboard.press("0");
    await page.waitForFunction((f) => document.querySelector('[data-testid="zoom-level"]')!.textContent === f, fitted);

    const phone = await harness.browser.newContext({ viewport: VIEWPORTS.phone, hasTouch: true, isMobile: true, acceptDownloads: true });
    const phonePage = await phone.newPage();
    const map = await openPainter(phonePage);
    const phoneZoom = await phonePage.getByTestId("zoom-level").innerText();
    const cdp = await phone.newCDPSession(phonePage);
    const canvas = (await phonePage.getByTestId("mask-canvas").boundingBox())!;
    await pinch(cdp, { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 }, 60, 180);
    await phonePage.waitForFunction((f) => document.querySelector('[data-testid="zoom-level"]')!.textContent !== f, phoneZoom);
    expect(parseInt(await phonePage.getByTestId("zoom-level").innerText())).toBeGreaterThan(parseInt(phoneZoom));
    await phonePage.keyboard.press("0");
    const centre = map.toScreen(600, 400);
    await phonePage.touchscreen.tap(centre.x, centre.y);
    await screenshot(phonePage, "mask-painter-phone");
    const mask = await downloadMask(phonePage);
    expect(mask.at(600, 400)).toBe(0);
    await phone.close();
  });
});
