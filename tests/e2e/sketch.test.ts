import { readFileSync } from "node:fs";
import { decode } from "fast-png";
import { unzipSync } from "fflate";
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, VIEWPORTS } from "../support/browser";
import { addCaptionedPanel, selectShot, waitForCaptions } from "../support/board-page";
import { openApp, reloadWhenSaved } from "../support/cast-page";

// A new panel's image size is landscape 16:9, so its sketch is a 1024×576 PNG.
const W = 1024;
const H = 576;
const harness = startAppAndBrowserForFile();
let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function freshPage(viewport: { width: number; height: number }): Promise<Page> {
  context = await harness.browser.newContext({ viewport, acceptDownloads: true });
  return context.newPage();
}

async function openEditor(page: Page, button: string): Promise<{ x: (ix: number) => number; y: (iy: number) => number }> {
  await page.getByRole("button", { name: button }).click();
  await page.getByTestId("sketch-editor").waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes("Opening the sketch"));
  const box = (await page.getByTestId("sketch-canvas").boundingBox())!;
  return { x: (ix) => box.x + (ix * box.width) / W, y: (iy) => box.y + (iy * box.height) / H };
}

type Map = Awaited<ReturnType<typeof openEditor>>;
async function stroke(page: Page, map: Map, points: [number, number][]): Promise<void> {
  const [first, ...rest] = points;
  await page.mouse.move(map.x(first![0]), map.y(first![1]));
  await page.mouse.down();
  for (const [x, y] of rest) await page.mouse.move(map.x(x), map.y(y), { steps: 8 });
  await page.mouse.up();
}

/** The darkest red value in the 3×3 pixels around an image point of the editor's canvas (255: blank paper). */
function inkAt(page: Page, x: number, y: number): Promise<number> {
  return page.evaluate(([x, y]) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="sketch-canvas"]')!;
    const data = canvas.getContext("2d")!.getImageData(x - 1, y - 1, 3, 3).data;
    let darkest = 255;
    for (let i = 0; i < data.length; i += 4) darkest = Math.min(darkest, data[i]!);
    return darkest;
  }, [x, y] as const);
}

/** Share of dark pixels in the first card's image, once it has loaded: 0 for a blank or missing picture. */
function cardInk(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="panel-card"] img');
    if (!img) return 0;
    await img.decode();
    const canvas = Object.assign(document.createElement("canvas"), { width: img.naturalWidth, height: img.naturalHeight });
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
    return dark / (data.length / 4);
  });
}

describe("sketch a panel", () => {
  it("draws, rules a line, undoes, saves to the board, survives a reload, shows an onion skin, and exports the sketch", async () => {
    const page = await freshPage({ width: 1440, height: 900 });
    await openApp(page, harness.app.url);
    await addCaptionedPanel(page, "She waits at the door");
    await addCaptionedPanel(page, "The door opens");
    await waitForCaptions(page, ["She waits at the door", "The door opens"]);
    await selectShot(page, 1);

    const map = await openEditor(page, "Sketch the shot");
    expect(await page.getByRole("button", { name: "Save sketch" }).isDisabled()).toBe(true);
    await stroke(page, map, [[100, 100], [300, 150], [500, 120]]);
    await stroke(page, map, [[100, 400], [400, 450]]);
    // Shift rules a straight line; nearly level, it snaps level.
    await page.keyboard.down("Shift");
    await stroke(page, map, [[600, 300], [760, 340], [900, 303]]);
    await page.keyboard.up("Shift");
    expect(await inkAt(page, 250, 425)).toBeLessThan(100);
    expect(await inkAt(page, 750, 300)).toBeLessThan(100);
    // The freehand detour of the Shift stroke is not drawn: only the ruled line is.
    expect(await inkAt(page, 760, 340)).toBe(255);
    await screenshot(page, "sketch-editor-laptop");

    await page.keyboard.press("Control+z");
    expect(await inkAt(page, 750, 300)).toBe(255);
    expect(await inkAt(page, 250, 425)).toBeLessThan(100);
    await page.getByRole("button", { name: "Save sketch" }).click();
    await page.getByTestId("sketch-editor").waitFor({ state: "detached" });

    const card = page.getByTestId("panel-card").first();
    await card.getByTestId("sketch-tag").waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="panel-card"] img'));
    expect(await cardInk(page)).toBeGreaterThan(0.002);
    await page.getByTestId("sketch-thumbnail").waitFor();
    await screenshot(page, "sketch-board-laptop");

    await reloadWhenSaved(page);
    await page.getByTestId("panel-card").first().getByTestId("sketch-tag").waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="panel-card"] img'));
    expect(await cardInk(page)).toBeGreaterThan(0.002);

    // Shot 2 drawn over a faint shot 1, which stays out of shot 2's pixels.
    await selectShot(page, 2);
    const second = await openEditor(page, "Sketch the shot");
    const onion = page.getByRole("button", { name: "Onion skin" });
    // Enabled once shot 1's image is read from storage; click waits for that.
    await onion.click();
    expect(await onion.getAttribute("aria-pressed")).toBe("true");
    await page.getByTestId("onion-skin").waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('[data-testid="onion-skin"]')!.complete);
    const shown = await page.screenshot({ clip: { x: second.x(250) - 1, y: second.y(425) - 1, width: 3, height: 3 } });
    const { data, channels } = decode(shown);
    const faint = Math.min(...Array.from({ length: 9 }, (_, i) => data[i * channels]!));
    expect(faint).toBeGreaterThan(120);
    expect(faint).toBeLessThan(235);
    expect(await inkAt(page, 250, 425)).toBe(255);
    await screenshot(page, "sketch-onion-laptop");
    await page.keyboard.press("Escape");
    await page.getByTestId("sketch-editor").waitFor({ state: "detached" });

    // The PNG export draws shot 1 from its sketch.
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const dialog = page.getByTestId("export-dialog");
    await dialog.getByText("PNG panels", { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: "Export", exact: true }).click()]);
    const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const shot1 = decode(entries["shot-001.png"]!);
    expect([shot1.width, shot1.height]).toEqual([W, H]);
    const red = (x: number, y: number) => shot1.data[(y * shot1.width + x) * shot1.channels]!;
    expect(Math.min(red(250, 425), red(250, 424), red(250, 426))).toBeLessThan(100);
    expect(red(750, 300)).toBe(255);
  });

  it("fits a phone: the whole paper and every tool within reach, and the sketched card on the board", async () => {
    const page = await freshPage(VIEWPORTS.phone);
    await openApp(page, harness.app.url);
    await page.getByRole("button", { name: "Board", exact: true }).click();
    await page.getByRole("button", { name: "Add a panel" }).click();
    // Adding a panel opens its details, the tab the board gives way to on a phone.
    await page.getByRole("heading", { name: "Shot 1", exact: true }).waitFor();
    await page.getByLabel("Action / caption").fill("A long empty road");
    const map = await openEditor(page, "Sketch the shot");
    const box = (await page.getByTestId("sketch-canvas").boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.width).toBeGreaterThan(300);
    await stroke(page, map, [[80, 400], [500, 300], [950, 420]]);
    await page.keyboard.press("2");
    await stroke(page, map, [[100, 200], [900, 200]]);
    const controls = [
      ["radio", "Pencil (P)"],
      ["radio", "Eraser (E)"],
      ["radio", "Straight line (L, or hold Shift)"],
      ["button", "Near black"],
      ["button", "Light grey"],
      ["slider", "Brush size"],
      ["button", "Undo"],
      ["button", "Redo"],
      ["button", "Clear sketch"],
      ["button", "Onion skin"],
      ["button", "Save sketch"],
      ["button", "Cancel"],
    ] as const;
    for (const [role, name] of controls) {
      const control = page.getByRole(role, { name, exact: true });
      await control.scrollIntoViewIfNeeded();
      expect(await control.isVisible(), name).toBe(true);
    }
    await screenshot(page, "sketch-editor-phone");

    // Storage full: the image store refuses the PNG. The message says so and the drawing stays open.
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      const w = window as unknown as { restorePut: () => void };
      w.restorePut = () => (IDBObjectStore.prototype.put = put);
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
        if (args[0] instanceof Blob) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        return put.apply(this, args);
      };
    });
    await page.getByRole("button", { name: "Save sketch" }).click();
    expect(await page.getByTestId("sketch-save-error").innerText()).toMatch(/Storage is full, so the sketch was not saved/);
    expect(await inkAt(page, 500, 300)).toBeLessThan(100);
    await screenshot(page, "sketch-quota-phone");
    await page.evaluate(() => (window as unknown as { restorePut: () => void }).restorePut());
    await page.getByRole("button", { name: "Save sketch" }).click();
    await page.getByTestId("sketch-editor").waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Board", exact: true }).click();
    await page.getByTestId("sketch-tag").waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="panel-card"] img'));
    expect(await cardInk(page)).toBeGreaterThan(0.002);
    await screenshot(page, "sketch-board-phone");
  });
});
