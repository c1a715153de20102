import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BLEED_PT } from "@/lib/comic/comic-schema";
import { cbzPageSize } from "@/lib/comic/export/cbz";
import { CROP_SLUG_PT } from "@/lib/comic/export/print-geometry";
import { planStrip, WEBTOON } from "@/lib/comic/export/webtoon-plan";
import { launchChromium } from "../support/browser";
import { sampleComic } from "../support/comic-fixtures";
import { inComicPage, openComicPage } from "../support/comic-page";
import { isInk, renderPdf, shareOf } from "../support/pdf-render";
import { checkAgainstXsd } from "../support/xsd-check";

/**
 * The comic exports in Chromium, as the app runs them: the print PDF from its worker (rendered back
 * with pdf.js to look at), the CBZ and the webtoon strip drawn on canvases with the bundled faces.
 * Pages are written to .test-results/screenshots/comic-*.png for a person to look at.
 */
const SHOTS = path.resolve(import.meta.dirname, "../../.test-results/screenshots");
const XSD = readFileSync(path.resolve(import.meta.dirname, "../fixtures/comicinfo/ComicInfo-v2.0.xsd"), "utf8");
const HUES = [0, 30, 200, 120, 280, 50, 330];

let browser: Browser;
let page: Page;
let close: () => Promise<void>;
const comic = sampleComic();

beforeAll(async () => {
  browser = await launchChromium();
  ({ page, close } = await openComicPage(browser));
  // p7 has no image: an empty frame.
  await inComicPage(page, "makeImages", HUES.slice(0, 6).map((hue, i) => ({ id: `p${i + 1}`, width: i === 0 ? 1400 : 1024, height: i === 0 ? 2100 : 768, hue })));
});
afterAll(async () => {
  await close?.();
  await browser?.close();
});

const hueOf = (r: number, g: number, b: number) => {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 40) return null;
  const h = max === r ? ((g - b) / (max - min)) % 6 : max === g ? (b - r) / (max - min) + 2 : (r - g) / (max - min) + 4;
  return (h * 60 + 360) % 360;
};

describe("print PDF from its worker, rendered", () => {
  it("a sheet with crop marks: marks in the slug's corners, the splash's picture runs to the sheet's bleed edge, nothing in the slug otherwise", async () => {
    const { b64 } = await inComicPage(page, "pdf", comic, true);
    const scale = 2;
    const pages = await renderPdf(browser, Buffer.from(b64, "base64"), "comic-pdf-crop", scale);
    expect(pages).toHaveLength(3);
    const off = (CROP_SLUG_PT + BLEED_PT) * scale;
    const [splash] = pages;
    // A crop mark runs along the trim line in the top-left slug: ink there.
    expect(shareOf(splash!, { x: 2 * scale, y: off - 1, width: CROP_SLUG_PT * scale - 6 * scale, height: 2 }, isInk)).toBeGreaterThan(0.5);
    // The slug's corner square itself is empty paper.
    expect(shareOf(splash!, { x: 0, y: 0, width: 18 * scale, height: 18 * scale }, isInk)).toBe(0);
    // The splash bleeds: the bleed band (between slug and trim) is painted, not white.
    expect(shareOf(splash!, { x: CROP_SLUG_PT * scale + 2, y: off + 40 * scale, width: BLEED_PT * scale - 4, height: 100 }, (r, g, b) => hueOf(r, g, b) !== null)).toBeGreaterThan(0.9);
    // Page 2's frames sit on the margins: its bleed band stays white.
    expect(shareOf(pages[1]!, { x: CROP_SLUG_PT * scale + 2, y: off + 40 * scale, width: BLEED_PT * scale - 4, height: 100 }, (r, g, b) => r > 240 && g > 240 && b > 240)).toBe(1);
    // Lettering is text pdf.js finds, on the page it belongs to.
    expect(pages[1]!.texts.map((t) => t.str).join(" ")).toContain("Who goes there?");
  });

  it("without crop marks the sheet is just trim plus bleed", async () => {
    const { b64 } = await inComicPage(page, "pdf", comic, false);
    const pages = await renderPdf(browser, Buffer.from(b64, "base64"), "comic-pdf", 1);
    expect(pages[0]!.width).toBe(Math.ceil(comic.trim.width + 2 * BLEED_PT));
  });
});

describe("CBZ drawn in the page", () => {
  it("holds 001.jpg… at print resolution in reading order, and a ComicInfo.xml valid against the v2.0 schema", async () => {
    const files = unzipSync(Buffer.from(await inComicPage(page, "cbz", comic), "base64"));
    expect(Object.keys(files)).toEqual(["001.jpg", "002.jpg", "003.jpg", "ComicInfo.xml"]);
    const size = cbzPageSize(comic.trim);
    mkdirSync(SHOTS, { recursive: true });
    for (const [i, name] of ["001.jpg", "002.jpg", "003.jpg"].entries()) {
      const meta = await sharp(files[name]!).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", size.width, size.height]);
      writeFileSync(path.join(SHOTS, `comic-cbz-${i + 1}.jpg`), files[name]!);
    }
    const xml = strFromU8(files["ComicInfo.xml"]!);
    expect(checkAgainstXsd(XSD, xml)).toEqual([]);
    expect(xml).toContain("<PageCount>3</PageCount>");
    expect(xml).toContain(`ImageWidth="${size.width}" ImageHeight="${size.height}"`);
    // The cover is the splash: its picture fills the page to the edges (readers show the trim).
    const { data, info } = await sharp(files["001.jpg"]!).raw().toBuffer({ resolveWithObject: true });
    const corner = [data[0]!, data[1]!, data[2]!];
    expect(hueOf(corner[0]!, corner[1]!, corner[2]!)).not.toBeNull();
    expect(info.channels).toBe(3);
  });

  it("a right-to-left comic says so to readers", async () => {
    const files = unzipSync(Buffer.from(await inComicPage(page, "cbz", sampleComic("us-comic", "rtl")), "base64"));
    expect(strFromU8(files["ComicInfo.xml"]!)).toContain("<Manga>YesAndRightToLeft</Manga>");
  });
});

describe("webtoon strip", () => {
  it("slices 800 px wide, no taller than 1280 px, in order, the panels top to bottom in reading order", async () => {
    const plan = planStrip(comic);
    const files = unzipSync(Buffer.from(await inComicPage(page, "webtoon", comic), "base64"));
    const names = Object.keys(files);
    expect(names).toEqual(plan.slices.map((_, i) => `${String(i + 1).padStart(3, "0")}.png`));
    const hues: number[] = [];
    for (const [i, name] of names.entries()) {
      const { data, info } = await sharp(files[name]!).raw().toBuffer({ resolveWithObject: true });
      expect(info.width).toBe(WEBTOON.width);
      expect(info.height).toBe(plan.slices[i]!.height);
      expect(info.height).toBeLessThanOrEqual(WEBTOON.maxSlice);
      writeFileSync(path.join(SHOTS, `comic-webtoon-${name}`), files[name]!);
      // The colour at the left edge of each panel's block, 10 px in, read down the slice.
      for (const block of plan.blocks) {
        const y = block.top + 10 - plan.slices[i]!.top;
        if (y < 0 || y >= info.height) continue;
        const at = (y * info.width + 10) * info.channels;
        const hue = hueOf(data[at]!, data[at + 1]!, data[at + 2]!);
        if (hue !== null) hues.push(Math.round(hue));
      }
    }
    // p1…p6 in order (p7 has no image, so no colour): each panel's hue, in reading order.
    const near = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b)) < 12;
    expect(hues).toHaveLength(6);
    hues.forEach((hue, i) => expect(near(hue, HUES[i]!), `panel ${i + 1}: hue ${hue}, expected ${HUES[i]}`).toBe(true));
  });
});
