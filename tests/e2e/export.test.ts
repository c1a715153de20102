import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, VIEWPORTS } from "../support/browser";
import { addCaptionedPanel, selectShot, waitForCaptions } from "../support/board-page";
import { openApp, waitForCharacters } from "../support/cast-page";
import { freshPageForEachTest } from "../support/fresh-page";
import { isColour, isInk, renderPdf, shareOf, type PixelRect } from "../support/pdf-render";

const harness = startAppAndBrowserForFile({ OFFLINE_LATENCY_MS: "200" });
// Each test has its own empty browser profile and makes the project it exports.
const perTest = freshPageForEachTest(() => harness.browser, { viewport: VIEWPORTS.laptop, acceptDownloads: true });
const dir = mkdtempSync(path.join(tmpdir(), "castboard-export-"));
const CAPTIONS = ["Ferris wakes on the beach", "Привет — a stranger waves", "The tide comes in"];

/** The sample character, three captioned shots with prompts, a line on shot 1, and a draft for each. */
async function smallProjectWithDrafts(page: Page) {
  await openApp(page, harness.app.url);
  await page.getByRole("button", { name: "Try the sample: Ferris" }).click();
  await waitForCharacters(page, 1);
  for (const caption of CAPTIONS) {
    await addCaptionedPanel(page, caption);
    await page.getByLabel("Scene prompt").fill(`Ferris: ${caption}`);
  }
  await selectShot(page, 1);
  await page.getByRole("button", { name: "Add line" }).click();
  await page.getByLabel("Line 1", { exact: true }).fill("Good morning, sea!");
  await page.getByLabel("Scene prompt").fill("Ferris waking up on a sunny beach");
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  await page.getByRole("button", { name: "Generate all" }).click();
  await page.getByRole("button", { name: "Generate drafts" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-card"] img').length === 3, null, { timeout: 60_000 });
}

async function exportAs(page: Page, label: string, setup?: () => Promise<void>): Promise<{ file: string; name: string }> {
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByTestId("export-dialog");
  await dialog.getByText(label, { exact: true }).click();
  await setup?.();
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), dialog.getByRole("button", { name: "Export", exact: true }).click()]);
  const file = path.join(mkdtempSync(path.join(dir, "export-")), download.suggestedFilename());
  await download.saveAs(file);
  await dialog.getByTestId("export-done").waitFor();
  await page.keyboard.press("Escape");
  return { file, name: download.suggestedFilename() };
}

async function pdfText(file: string): Promise<{ pages: number; text: string }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, disableFontFace: true }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((item) => ("str" in item ? item.str : "")).join(" ") + "\n";
  }
  return { pages: doc.numPages, text: text.replace(/\s+/g, " ") };
}

describe("export and import", () => {
  it("builds a small project with drafts and dialogue", async () => {
    const page = perTest.page;
    await smallProjectWithDrafts(page);
    await selectShot(page, 1);
    expect(await page.getByLabel("Line 1", { exact: true }).inputValue()).toBe("Good morning, sea!");
    expect(await page.getByTestId("panel-caption").allInnerTexts()).toEqual(CAPTIONS);
  });

  it("exports a PDF with every panel's text, and it renders", async () => {
    const page = perTest.page;
    await smallProjectWithDrafts(page);
    const { file, name } = await exportAs(page, "PDF storyboard");
    expect(name).toBe("my-storyboard.pdf");
    const { pages, text } = await pdfText(file);
    expect(pages).toBe(1);
    for (const expected of [...CAPTIONS, "Good morning, sea!", "My storyboard", "Page 1 of 1", "Shot 3"]) expect(text).toContain(expected);

    // pdf.js in Chromium draws the page (written to .test-results/screenshots/export-pdf-1.png).
    const [rendered] = await renderPdf(harness.browser, readFileSync(file), "export-pdf", 1.5);
    const sheet = rendered!;
    // A4 landscape, the dialog's default, at 1.5 px per point.
    expect([sheet.width, sheet.height]).toEqual([Math.ceil(841.89 * 1.5), Math.ceil(595.28 * 1.5)]);
    // Every piece of text pdf.js found is really drawn: its box has ink (a font that failed to embed draws nothing).
    const unseen = sheet.texts.filter((t) => shareOf(sheet, t, isInk) < 0.04).map((t) => t.str);
    expect(unseen).toEqual([]);
    for (const expected of ["Ferris wakes on the beach", "Привет", "The tide comes in", "Page 1 of 1"]) {
      expect(sheet.texts.some((t) => t.str.includes(expected)), expected).toBe(true);
    }
    // Three pictures, one per panel in reading order, each a real picture on the page, not a blank or a placeholder.
    const inside = (r: PixelRect) => r.x >= 0 && r.y >= 0 && r.x + r.width <= sheet.width && r.y + r.height <= sheet.height;
    const frames = [...sheet.images].sort((a, b) => a.y - b.y || a.x - b.x);
    expect(frames).toHaveLength(3);
    for (const frame of frames) {
      expect(inside(frame) && frame.width > 150 && frame.height > 80, JSON.stringify(frame)).toBe(true);
      expect(shareOf(sheet, frame, isColour)).toBeGreaterThan(0.4);
    }
    // Shot 1's line is drawn in a white balloon over its picture.
    const centre = (r: PixelRect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
    const within = (p: { x: number; y: number }, r: PixelRect) => p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height;
    const balloonText = sheet.texts.filter((t) => "Good morning, sea!".includes(t.str.trim()) && within(centre(t), frames[0]!));
    expect(balloonText.length).toBeGreaterThan(0);
    const around = (r: PixelRect): PixelRect => ({ x: r.x - 4, y: r.y - 2, width: r.width + 8, height: r.height + 4 });
    for (const t of balloonText) expect(shareOf(sheet, around(t), (r, g, b) => r > 240 && g > 240 && b > 240)).toBeGreaterThan(0.4);
  });

  it("exports the shot list as CSV", async () => {
    const page = perTest.page;
    await smallProjectWithDrafts(page);
    const { file } = await exportAs(page, "Shot list (CSV)");
    const csv = readFileSync(file, "utf8");
    expect(csv).toContain("Ferris waking up on a sunny beach");
    expect(csv).toContain("Привет — a stranger waves");
    expect(csv.trim().split(/\r\n/).length).toBe(4);
  });

  it("exports each panel as a PNG of its image's size, with or without balloons, and a contact sheet", async () => {
    const page = perTest.page;
    await smallProjectWithDrafts(page);
    const { file } = await exportAs(page, "PNG panels");
    const { unzipSync } = await import("fflate");
    const sharp = (await import("sharp")).default;
    const entries = unzipSync(new Uint8Array(readFileSync(file)));
    expect(Object.keys(entries).sort()).toEqual(["shot-001.png", "shot-002.png", "shot-003.png"]);
    const withBalloon = await sharp(entries["shot-001.png"]!).raw().toBuffer({ resolveWithObject: true });
    expect(withBalloon.info.width).toBeGreaterThanOrEqual(1024);
    const clean = await exportAs(page, "PNG panels", async () => {
      await page.getByLabel("Draw dialogue balloons on the images").uncheck();
    });
    expect(clean.name).toContain("clean");
    const plain = await sharp(unzipSync(new Uint8Array(readFileSync(clean.file)))["shot-001.png"]!).raw().toBuffer({ resolveWithObject: true });
    // The balloon is drawn only in the first export: the two images differ, and only there.
    expect(plain.info.width).toBe(withBalloon.info.width);
    expect(Buffer.compare(plain.data, withBalloon.data)).not.toBe(0);
    const sheet = await exportAs(page, "Contact sheet");
    const meta = await sharp(readFileSync(sheet.file)).metadata();
    expect([meta.format, meta.width! > 1000]).toEqual(["png", true]);
  });

  it("exports a project bundle and imports it back as a new project, the same in every detail", async () => {
    const page = perTest.page;
    await smallProjectWithDrafts(page);
    const { file } = await exportAs(page, "Project bundle (ZIP)");
    await page.getByTestId("import-bundle").setInputFiles(file);
    await page.getByText(/Imported “My storyboard copy” as a new project/).waitFor({ timeout: 30_000 });
    await waitForCaptions(page, CAPTIONS);
    expect(await page.getByLabel("Project name").inputValue()).toBe("My storyboard copy");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-card"] img').length === 3);
    await selectShot(page, 1);
    expect(await page.getByLabel("Line 1", { exact: true }).inputValue()).toBe("Good morning, sea!");
    expect(await page.getByLabel("Scene prompt").inputValue()).toBe("Ferris waking up on a sunny beach");
    await screenshot(page, "imported-project-laptop");
    // Same panels, text, parameters and image bytes in both projects, only the ids differ.
    const [original, imported] = await page.evaluate(async () => {
      const open = (name: string) =>
        new Promise<IDBDatabase>((resolve) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
        });
      const all = <T,>(db: IDBDatabase, store: string) =>
        new Promise<[IDBValidKey[], T[]]>((resolve) => {
          const tx = db.transaction(store).objectStore(store);
          const keys = tx.getAllKeys();
          const values = tx.getAll();
          values.onsuccess = () => resolve([keys.result, values.result as T[]]);
        });
      const [stateDb, blobDb] = [await open("castboard-state"), await open("castboard-blobs")];
      const [keys, values] = await all<{ name?: string; doc?: { panels: { shot: unknown; recipe: unknown; takes: { id: string; images: { blobId: string }[] }[]; chosen: { takeId: string } }[] } }>(stateDb, "state");
      const [blobKeys, blobs] = await all<Blob>(blobDb, "blobs");
      const blobById = new Map(blobKeys.map((k, i) => [String(k), blobs[i]!]));
      const hash = async (blob: Blob) => Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()))).join(",");
      const metas = values.filter((_, i) => String(keys[i]).startsWith("meta:")) as unknown as { id: string; name: string }[];
      const summary = async (name: string) => {
        const id = metas.find((m) => m.name === name)!.id;
        const doc = values[keys.findIndex((k) => k === `project:${id}`)]!.doc!;
        return Promise.all(
          doc.panels.map(async (p) => {
            const take = p.takes.find((t) => t.id === p.chosen.takeId)!;
            return { shot: p.shot, recipe: p.recipe, image: await hash(blobById.get(take.images[0]!.blobId)!) };
          }),
        );
      };
      return [await summary("My storyboard"), await summary("My storyboard copy")];
    });
    expect(imported).toEqual(original);
    expect(original).toHaveLength(3);
  });

  it("refuses a broken bundle with a clear message and changes nothing", async () => {
    const page = perTest.page;
    await openApp(page, harness.app.url);
    await page.getByRole("button", { name: "Try the sample: Ferris" }).click();
    await waitForCharacters(page, 1);
    const bad = path.join(dir, "not-a-bundle.zip");
    writeFileSync(bad, "this is not a zip file at all");
    await page.getByRole("button", { name: "Projects" }).click();
    const before = await page.getByTestId("project-item").count();
    await page.keyboard.press("Escape");
    await page.getByTestId("import-bundle").setInputFiles(bad);
    await page.getByText(/“not-a-bundle.zip” was not imported:/).waitFor();
    await page.getByRole("button", { name: "Projects" }).click();
    expect(await page.getByTestId("project-item").count()).toBe(before);
    await page.keyboard.press("Escape");
  });
});
