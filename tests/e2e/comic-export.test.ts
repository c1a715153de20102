import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { PDFDocument } from "pdf-lib";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BLEED_PT, TRIM_PRESETS } from "@/lib/comic/comic-schema";
import { CROP_SLUG_PT } from "@/lib/comic/export/print-geometry";
import { SAMPLE_SHOTS } from "@/lib/samples/sample-storyboard";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, VIEWPORTS } from "../support/browser";
import { openSampleStoryboard } from "../support/board-page";
import { freshPageForEachTest } from "../support/fresh-page";
import { renderPdf } from "../support/pdf-render";
import { checkAgainstXsd } from "../support/xsd-check";

const harness = startAppAndBrowserForFile();
const perTest = freshPageForEachTest(() => harness.browser, { viewport: { width: 1440, height: 900 }, acceptDownloads: true });
const dir = mkdtempSync(path.join(tmpdir(), "castboard-comic-export-"));
const XSD = readFileSync(path.resolve(import.meta.dirname, "../fixtures/comicinfo/ComicInfo-v2.0.xsd"), "utf8");

async function openExport(page: Page, label: string) {
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByTestId("export-dialog");
  await dialog.getByText(label, { exact: true }).click();
  return dialog;
}

async function download(page: Page): Promise<string> {
  const dialog = page.getByTestId("export-dialog");
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), dialog.getByRole("button", { name: "Export", exact: true }).click()]);
  const saved = path.join(mkdtempSync(path.join(dir, "export-")), file.suggestedFilename());
  await file.saveAs(saved);
  await dialog.getByTestId("export-done").waitFor();
  return saved;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) text += (await (await doc.getPage(i)).getTextContent()).items.map((it) => ("str" in it ? it.str : "")).join(" ") + " ";
  await doc.destroy();
  return text.replace(/\s+/g, "");
}

describe("comic exports from the app", () => {
  it("asks to lay out pages first, then exports a print PDF with bleed and crop marks and a CBZ that readers accept", async () => {
    const page = perTest.page;
    await openSampleStoryboard(page, harness.app.url);

    // No pages yet: the comic entries say how to get some, and export stays off.
    let dialog = await openExport(page, "Comic PDF (print)");
    await dialog.getByTestId("comic-export-problem").getByText(/^Lay out pages first/).waitFor();
    expect(await dialog.getByRole("button", { name: "Export", exact: true }).isDisabled()).toBe(true);
    await page.keyboard.press("Escape");

    await page.getByRole("radio", { name: "Pages" }).click();
    await page.getByRole("button", { name: "Lay out pages" }).click();
    await page.locator('[data-testid="comic-page"]').first().waitFor();
    const pageCount = await page.locator('[data-testid="comic-page"]').count();
    // Export lives in the board's toolbar.
    await page.getByRole("radio", { name: "Board" }).click();

    dialog = await openExport(page, "Comic PDF (print)");
    await dialog.getByTestId("comic-export-options").waitFor();
    await dialog.getByText(TRIM_PRESETS["us-comic"].label, { exact: false }).waitFor();
    // The sample's images are small for print: each is named with its page and panel before export.
    const dpi = await dialog.getByTestId("comic-dpi-warning").innerText();
    expect(dpi).toMatch(/Page 1, panel 1: \d+ dpi/);
    await dialog.getByLabel(/Crop marks/).check();
    await screenshot(page, "comic-export-dialog-1440");
    const pdfFile = await download(page);
    expect(path.basename(pdfFile)).toMatch(/-print\.pdf$/);
    const bytes = new Uint8Array(readFileSync(pdfFile));
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(pageCount);
    const { widthPt, heightPt } = TRIM_PRESETS["us-comic"];
    const off = CROP_SLUG_PT + BLEED_PT;
    for (const p of doc.getPages()) {
      expect(p.getTrimBox()).toEqual({ x: off, y: off, width: widthPt, height: heightPt });
      expect(p.getMediaBox().width).toBeCloseTo(widthPt + 2 * off, 3);
    }
    // Rendered for a person to look at: .test-results/screenshots/comic-app-print-*.png.
    await renderPdf(harness.browser, bytes, "comic-app-print", 1.5);
    // Every line of the sample's dialogue is a balloon, written as text.
    const text = await pdfText(bytes);
    for (const shot of SAMPLE_SHOTS) if (shot.line) expect(text).toContain(shot.line.text.replace(/\s+/g, ""));
    await page.keyboard.press("Escape");

    await openExport(page, "Comic CBZ");
    const cbz = unzipSync(new Uint8Array(readFileSync(await download(page))));
    const names = Object.keys(cbz);
    expect(names).toEqual([...Array.from({ length: pageCount }, (_, i) => `${String(i + 1).padStart(3, "0")}.jpg`), "ComicInfo.xml"]);
    const xml = strFromU8(cbz["ComicInfo.xml"]!);
    expect(checkAgainstXsd(XSD, xml)).toEqual([]);
    expect(xml).toContain(`<PageCount>${pageCount}</PageCount>`);
    expect(xml).toContain("<Manga>No</Manga>");
  });

  it("fits a phone: the comic options and warnings in the dialog", async () => {
    const page = perTest.page;
    await openSampleStoryboard(page, harness.app.url);
    await page.getByRole("radio", { name: "Pages" }).click();
    await page.getByRole("button", { name: "Lay out pages" }).click();
    await page.locator('[data-testid="comic-page"]').first().waitFor();
    await page.getByRole("radio", { name: "Board" }).click();
    await page.setViewportSize(VIEWPORTS.phone);
    const dialog = await openExport(page, "Webtoon strip (PNG slices)");
    await dialog.getByTestId("comic-export-options").scrollIntoViewIfNeeded();
    await screenshot(page, "comic-export-dialog-390");
    const files = unzipSync(new Uint8Array(readFileSync(await download(page))));
    expect(Object.keys(files)[0]).toBe("001.png");
  });
});
