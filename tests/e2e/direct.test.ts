import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, VIEWPORTS } from "../support/browser";
import { addPanel, selectShot, waitForTakes } from "../support/board-page";
import { openApp, waitForCharacters } from "../support/cast-page";
import { freshPageForEachTest } from "../support/fresh-page";
import { canvasMapping, mouseStroke } from "../support/pointer";

/**
 * Direct the frame in Chromium on the offline engine: a shot blocked out as a sketch and restaged,
 * a region of the result fixed with the rectangle, the fix against its source in before/after, a
 * restage of an uploaded layout at a chosen strength; then the project bundle out and back in,
 * the takes' origins with it. (The painter's speed on a 2048 × 2048 take is in `npm run bench`.)
 */
const harness = startAppAndBrowserForFile({ OFFLINE_LATENCY_MS: "150" });
// The laptop these dialogs are designed on; the phone is VIEWPORTS.phone.
const LAPTOP = { width: 1440, height: 900 };
const perTest = freshPageForEachTest(() => harness.browser, { viewport: LAPTOP, acceptDownloads: true });
const dir = mkdtempSync(path.join(tmpdir(), "castboard-direct-"));
// The default image size of a new panel: landscape 16:9.
const W = 1024;
const H = 576;

const takeOrigins = (page: Page) => page.getByTestId("take-origin").allInnerTexts();
const measures = (page: Page, name: string) => page.evaluate((n) => performance.getEntriesByName(n).map((e) => Math.round(e.duration)), name);

/** A new shot blocked out with the sketch editor (a horizon, a doorway, a figure), before any generation. */
async function sketchShot(page: Page) {
  await openApp(page, harness.app.url);
  await page.getByRole("button", { name: "Try the sample: Ferris" }).click();
  await waitForCharacters(page, 1);
  await addPanel(page, "Ferris stands on a pier at dawn, wide shot");
  await page.getByRole("button", { name: "Sketch the shot" }).click();
  await page.getByTestId("sketch-editor").waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes("Opening the sketch"));
  const box = (await page.getByTestId("sketch-canvas").boundingBox())!;
  const at = (x: number, y: number) => ({ x: box.x + (x * box.width) / W, y: box.y + (y * box.height) / H });
  for (const line of [
    [[40, 430], [980, 430]],
    [[640, 430], [640, 160], [800, 160], [800, 430]],
    [[300, 420], [300, 250], [260, 330], [340, 330]],
  ]) {
    const [first, ...rest] = line.map(([x, y]) => at(x!, y!));
    await page.mouse.move(first!.x, first!.y);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(p.x, p.y, { steps: 8 });
    await page.mouse.up();
  }
  await page.getByRole("button", { name: "Save sketch" }).click();
  await page.getByTestId("sketch-editor").waitFor({ state: "detached" });
}

/** Restages the shot's sketch, the source the dialog opens on when the shot has no image yet. */
async function restageSketch(page: Page) {
  await page.getByRole("button", { name: "Restage…", exact: true }).click();
  const restage = page.getByTestId("restage-dialog");
  expect(await restage.getByRole("radio", { name: "Sketch" }).isChecked()).toBe(true);
  await restage.getByRole("img", { name: "The image to restage" }).waitFor();
  expect(await restage.getByTestId("strength-value").innerText()).toBe("0.80");
  expect(await restage.innerText()).toContain("Keeps most of the layout");
  await screenshot(page, "restage-sketch-laptop");
  await restage.getByRole("button", { name: "Draft restage · free" }).click();
  await waitForTakes(page, 1);
}

async function fixWithRectangle(page: Page) {
  await page.getByRole("button", { name: "Fix a region", exact: true }).click();
  const dialog = page.getByTestId("fix-dialog");
  await dialog.getByTestId("mask-canvas").waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes("Opening the image"));
  await expect.poll(() => measures(page, "castboard:fix-painter-ready")).toHaveLength(1);
  expect(await dialog.getByTestId("direct-submit").isDisabled()).toBe(true);
  expect(await dialog.innerText()).toContain("Paint the region to fix first");
  await screenshot(page, "fix-dialog-empty-laptop");

  await dialog.getByRole("radio", { name: "Rectangle (R)" }).click();
  await mouseStroke(page, await canvasMapping(page, W, H), [[300, 150], [500, 300], [700, 450]]);
  await expect.poll(() => dialog.getByTestId("region-status").innerText()).toBe("Region: 20% of the image.");
  expect(await dialog.getByRole("button", { name: "Undo" }).isEnabled()).toBe(true);
  expect(await dialog.getByLabel("What the region should become").inputValue()).toBe("Ferris stands on a pier at dawn, wide shot");
  await dialog.getByLabel("What the region should become").fill("Ferris holds a red umbrella");
  await screenshot(page, "fix-dialog-laptop");
  await dialog.getByRole("button", { name: "Draft fix · free" }).click();
  await waitForTakes(page, 2);
  expect(await measures(page, "castboard:edit-mask-export")).toHaveLength(1);
}

describe("fix a region and restage", () => {
  it("fixes a region, compares it, restages an upload, and keeps the origins through a bundle", async () => {
    const page = perTest.page;
    await sketchShot(page);
    await restageSketch(page);
    expect(await takeOrigins(page)).toEqual(["Restage"]);
    expect(await page.getByTestId("take").first().getByTestId("take-source").innerText()).toBe("from the sketch · strength 0.80: keeps most of the layout");
    await fixWithRectangle(page);
    const newest = page.getByTestId("take").first();
    expect(await takeOrigins(page)).toEqual(["Fix", "Restage"]);
    expect(await newest.getByTestId("take-source").innerText()).toBe("from take 1");

    // Before / after: the divider moves with the keyboard; the toggle shows either image whole.
    await newest.getByRole("button", { name: "Compare before and after" }).click();
    const compare = page.getByTestId("before-after");
    const divider = compare.getByRole("slider", { name: "Divider between before and after" });
    await divider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowLeft");
    expect(await divider.getAttribute("aria-valuenow")).toBe("45");
    await screenshot(page, "before-after-laptop");
    await compare.getByRole("radio", { name: "Before" }).click();
    expect(await divider.getAttribute("aria-valuenow")).toBe("100");
    await compare.getByRole("radio", { name: "After" }).click();
    expect(await divider.getAttribute("aria-valuenow")).toBe("0");
    await page.keyboard.press("Escape");

    // Restage an uploaded layout at strength 0.35.
    await page.getByRole("button", { name: "Restage…", exact: true }).click();
    const restage = page.getByTestId("restage-dialog");
    await restage.getByRole("radio", { name: "Upload" }).check();
    const layout = await sharp({ create: { width: 1280, height: 720, channels: 3, background: "#d8d2c4" } })
      .composite([{ input: await sharp({ create: { width: 400, height: 500, channels: 3, background: "#443" } }).png().toBuffer(), left: 160, top: 120 }])
      .png()
      .toBuffer();
    await restage.getByLabel("Choose an image to restage").setInputFiles({ name: "layout.png", mimeType: "image/png", buffer: layout });
    await restage.getByRole("img", { name: "The image to restage" }).waitFor();
    const strength = restage.getByRole("slider", { name: "Strength" });
    await strength.focus();
    await page.keyboard.press("Home");
    for (let i = 0; i < 34; i++) await page.keyboard.press("ArrowRight");
    expect(await restage.getByTestId("strength-value").innerText()).toBe("0.35");
    expect(await restage.innerText()).toContain("Loosely follows the layout");
    await screenshot(page, "restage-dialog-laptop");
    await restage.getByRole("button", { name: "Draft restage · free" }).click();
    await waitForTakes(page, 3);
    expect(await takeOrigins(page)).toEqual(["Restage", "Fix", "Restage"]);
    expect(await page.getByTestId("take").first().getByTestId("take-source").innerText()).toBe("from upload “layout.png” · strength 0.35: loosely follows the layout");
    await page.getByTestId("direct-actions").scrollIntoViewIfNeeded();
    await screenshot(page, "takes-origins-laptop");

    // Phone: the same dialogs at 390 × 844.
    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByRole("button", { name: "Shot 1", exact: true }).click();
    await page.getByTestId("take").nth(1).getByRole("button", { name: "Compare before and after" }).click();
    await screenshot(page, "before-after-phone");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Fix a region", exact: true }).click();
    await page.waitForFunction(() => !document.body.innerText.includes("Opening the image"));
    await screenshot(page, "fix-dialog-phone");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Restage…", exact: true }).click();
    await page.getByTestId("restage-dialog").waitFor();
    await screenshot(page, "restage-dialog-phone");
    await page.keyboard.press("Escape");
    await page.setViewportSize(LAPTOP);

    // The bundle carries each take's direction, with its image and region.
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const exportDialog = page.getByTestId("export-dialog");
    await exportDialog.getByText("Project bundle (ZIP)", { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), exportDialog.getByRole("button", { name: "Export", exact: true }).click()]);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    await page.keyboard.press("Escape");
    await page.getByTestId("import-bundle").setInputFiles(file);
    await page.getByText(/as a new project/).waitFor({ timeout: 30_000 });
    await selectShot(page, 1);
    await waitForTakes(page, 3);
    expect(await takeOrigins(page)).toEqual(["Restage", "Fix", "Restage"]);
    await page.getByTestId("take").nth(1).getByRole("button", { name: "Compare before and after" }).click();
    await page.getByTestId("before-after").getByRole("img", { name: "Before" }).waitFor();
  });
});
