import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, VIEWPORTS } from "../support/browser";
import { addCaptionedPanel, selectShot, waitForCaptions } from "../support/board-page";
import { openApp, waitForCharacters } from "../support/cast-page";

const harness = startAppAndBrowserForFile({ OFFLINE_LATENCY_MS: "200" });
let page: Page;
const dir = mkdtempSync(path.join(tmpdir(), "castboard-export-"));
const CAPTIONS = ["Ferris wakes on the beach", "Привет — a stranger waves", "The tide comes in"];

beforeAll(async () => {
  const context = await harness.browser.newContext({ viewport: VIEWPORTS.laptop, acceptDownloads: true });
  page = await context.newPage();
});
afterAll(async () => page?.context().close());

async function exportAs(label: string, setup?: () => Promise<void>): Promise<{ file: string; name: string }> {
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByTestId("export-dialog");
  await dialog.getByText(label, { exact: true }).click();
  await setup?.();
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), dialog.getByRole("button", { name: "Export", exact: true }).click()]);
  const file = path.join(dir, download.suggestedFilename());
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

describe("export and import (one journey, in order)", () => {
  it("builds a small project with drafts and dialogue", async () => {
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
  });

  it("exports a PDF with every panel's text, and it renders", async () => {
    const { file, name } = await exportAs("PDF storyboard");
    expect(name).toBe("my-storyboard.pdf");
    const { pages, text } = await pdfText(file);
    expect(pages).toBe(1);
    for (const expected of [...CAPTIONS, "Good morning, sea!", "My storyboard", "Page 1 of 1", "Shot 3"]) expect(text).toContain(expected);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", file, path.join(".test-results", "screenshots", "export-pdf")]);
  });

  it("exports the shot list as CSV", async () => {
    const { file } = await exportAs("Shot list (CSV)");
    const csv = readFileSync(file, "utf8");
    expect(csv).toContain("Ferris waking up on a sunny beach");
    expect(csv).toContain("Привет — a stranger waves");
    expect(csv.trim().split(/\r\n/).length).toBe(4);
  });

  it("exports a project bundle and imports it back as a new project, the same in every detail", async () => {
    const { file } = await exportAs("Project bundle (ZIP)");
    await page.getByTestId("import-bundle").setInputFiles(file);
    await page.getByText(/Imported “My storyboard copy” as a new project/).waitFor({ timeout: 30_000 });
    await waitForCaptions(page, CAPTIONS);
    expect(await page.getByLabel("Project name").inputValue()).toBe("My storyboard copy");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-card"] img').length === 3);
    await selectShot(page, 1);
    expect(await page.getByLabel("Line 1", { exact: true }).inputValue()).toBe("Good morning, sea!");
    expect(await page.getByLabel("Scene prompt").inputValue()).toBe("Ferris waking up on a sunny beach");
    await screenshot(page, "imported-project-laptop");
  });

  it("refuses a broken bundle with a clear message and changes nothing", async () => {
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
