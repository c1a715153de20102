import type { BrowserContext, Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fixtures from "../fixtures/generate";
import { screenshot, VIEWPORTS, watchPage } from "../support/browser";
import { characterNames, chooseFiles, dropFiles, openApp, pasteFiles, waitForCharacters, reloadWhenSaved, waitForMaskProposals, waitIdle } from "../support/cast-page";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { keyboardMove } from "../support/dnd";

const harness = startAppAndBrowserForFile();
let context: BrowserContext;
let page: Page;

beforeEach(async () => {
  context = await harness.browser.newContext({ viewport: VIEWPORTS.laptop });
  page = await context.newPage();
});
afterEach(async () => context?.close());

describe("cast", () => {
  it("teaches the first step when empty and adds the sample character in one click", async () => {
    const watched = watchPage(page);
    await openApp(page, harness.app.url);
    await page.getByTestId("cast-empty").waitFor();
    await screenshot(page, "cast-empty-laptop");
    await page.getByRole("button", { name: "Try the sample: Ferris" }).click();
    await waitForCharacters(page, 1);
    expect(await characterNames(page)).toEqual(["Ferris"]);
    await page.getByText("Mask painted").waitFor();
    await screenshot(page, "cast-sample-laptop");
    expect(watched.errors).toEqual([]);
    expect(watched.requests.filter((u) => !u.startsWith(harness.app.url) && !u.startsWith("blob:") && !u.startsWith("data:"))).toEqual([]);
  });

  it("adds a real photo from the file picker, normalized and stored, and keeps it after a reload", async () => {
    await openApp(page, harness.app.url);
    await chooseFiles(page, [await fixtures.mascot()]);
    await waitForCharacters(page, 1);
    expect(await characterNames(page)).toEqual(["Mascot reference"]);
    await page.getByText("1200 × 807 px").waitFor();
    await waitForMaskProposals(page);
    await reloadWhenSaved(page);
    await waitForCharacters(page, 1);
    await page.getByText("1200 × 807 px").waitFor();
    await page.getByTestId("mask-status").filter({ hasText: /^Auto mask/ }).waitFor();
    const stored = await page.evaluate(async () => {
      const request = indexedDB.open("castboard-blobs");
      const db: IDBDatabase = await new Promise((resolve) => (request.onsuccess = () => resolve(request.result)));
      const all: unknown[] = await new Promise((resolve) => {
        const get = db.transaction("blobs").objectStore("blobs").getAll();
        get.onsuccess = () => resolve(get.result);
      });
      return all.map((b) => (b instanceof Blob ? b.type : typeof b));
    });
    // The reference, its thumbnail, and the automatic mask proposed for it.
    expect(stored.sort()).toEqual(["image/jpeg", "image/png", "image/webp"]);
  });

  it("adds by paste and by drag and drop", async () => {
    await openApp(page, harness.app.url);
    await pasteFiles(page, [await fixtures.mascot()]);
    await waitForCharacters(page, 1);
    await dropFiles(page, [{ ...(await fixtures.transparentPng()), name: "hero_turnaround.png" }]);
    await waitForCharacters(page, 2);
    expect(await characterNames(page)).toEqual(["Mascot reference", "Hero turnaround"]);
  });

  const refusals: [string, () => Promise<fixtures.Fixture>, RegExp][] = [
    ["a renamed text file", fixtures.renamedTextFile, /not an image.*JPEG, PNG or WebP/],
    ["an SVG", fixtures.svgWithScript, /SVG/],
    ["a PDF", fixtures.pdfHeaderFile, /PDF/],
    ["a HEIC photo", fixtures.heicHeaderFile, /HEIC/],
    ["a GIF", fixtures.gifFile, /GIF/],
    ["an empty file", fixtures.emptyFile, /empty/],
    ["a truncated JPEG", fixtures.truncatedJpeg, /cut short|truncated|incomplete/i],
    ["a truncated PNG", fixtures.truncatedPng, /cut short|truncated|incomplete/i],
    ["an image over 100 megapixels", fixtures.pixelBombPng, /100 megapixels/],
  ];

  it("refuses each bad file with a clear message and never disturbs the characters already there", async () => {
    await openApp(page, harness.app.url);
    await chooseFiles(page, [await fixtures.mascot()]);
    await waitForCharacters(page, 1);
    for (const [what, make, message] of refusals) {
      const file = await make();
      await chooseFiles(page, [file]);
      const alert = page.getByTestId("add-failure");
      await alert.first().waitFor();
      const text = await alert.first().innerText();
      expect(text, what).toMatch(message);
      expect(text, what).toContain(file.name);
      expect(await characterNames(page), what).toEqual(["Mascot reference"]);
      await page.getByRole("button", { name: "Dismiss these messages" }).click();
    }
    await chooseFiles(page, [await fixtures.gifFile(), await fixtures.mascot()]);
    await waitForCharacters(page, 2);
    expect(await page.getByTestId("add-failure").count()).toBe(1);
  });

  it("renames, notes, duplicates, deletes with undo and reorders by keyboard and mouse", async () => {
    await openApp(page, harness.app.url);
    await chooseFiles(page, [await fixtures.mascot()]);
    await waitForCharacters(page, 1);
    await page.getByLabel("Name", { exact: true }).fill("Ferris");
    await page.getByLabel("Distinctive traits").fill("Red shell, two claws");
    await page.getByRole("button", { name: "Duplicate" }).click();
    await waitForCharacters(page, 2);
    expect(await characterNames(page)).toEqual(["Ferris", "Ferris copy"]);
    expect(await page.getByLabel("Distinctive traits").inputValue()).toBe("Red shell, two claws");

    await page.getByRole("button", { name: "Delete" }).click();
    await waitForCharacters(page, 1);
    await page.locator("[data-sonner-toast]").getByRole("button", { name: "Undo" }).click();
    await waitForCharacters(page, 2);
    expect(await characterNames(page)).toEqual(["Ferris", "Ferris copy"]);

    await page.getByRole("button", { name: "Reorder Ferris copy" }).focus();
    // Each key press waits for dnd-kit to announce its step, as a screen reader user would hear it.
    await keyboardMove(page, ["ArrowUp"]);
    await page.waitForFunction(() => document.querySelector('[data-testid="character-card"] span.truncate')?.textContent === "Ferris copy");
    expect(await characterNames(page)).toEqual(["Ferris copy", "Ferris"]);

    const handle = page.getByRole("button", { name: "Reorder Ferris copy" });
    const target = await page.getByRole("button", { name: "Reorder Ferris", exact: true }).boundingBox();
    const from = await handle.boundingBox();
    await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
    await page.mouse.down();
    await page.mouse.move(from!.x + 5, from!.y + 20, { steps: 4 });
    await page.mouse.move(target!.x + target!.width / 2, target!.y + target!.height / 2 + 20, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('[data-testid="character-card"] span.truncate')?.textContent === "Ferris");
    await reloadWhenSaved(page);
    await waitForCharacters(page, 2);
    expect(await characterNames(page)).toEqual(["Ferris", "Ferris copy"]);
    await waitIdle(page);
  });

  it("looks right on a phone", async () => {
    const phone = await harness.browser.newContext({ viewport: VIEWPORTS.phone, hasTouch: true, isMobile: true });
    try {
      const phonePage = await phone.newPage();
      // Nothing is wider than the phone, and what the step needs is on screen without scrolling sideways.
      const fitsThePhone = async () => {
        const { scrollWidth, innerWidth } = await phonePage.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      };
      const onScreen = async (box: { x: number; width: number } | null) => {
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
      };
      await openApp(phonePage, harness.app.url);
      await fitsThePhone();
      const sample = phonePage.getByRole("button", { name: "Try the sample: Ferris" });
      await onScreen(await sample.boundingBox());
      await screenshot(phonePage, "cast-empty-phone");
      await sample.click();
      await waitForCharacters(phonePage, 1);
      await phonePage.getByText("Mask painted").waitFor();
      await fitsThePhone();
      await onScreen(await phonePage.getByTestId("character-card").first().boundingBox());
      expect(await characterNames(phonePage)).toEqual(["Ferris"]);
      await screenshot(phonePage, "cast-sample-phone");
    } finally {
      await phone.close();
    }
  });
});
