import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFArray, decodePDFRawStream, type PDFPage } from "pdf-lib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { BLEED_PT, TRIM_PRESETS, type TrimPreset } from "@/lib/comic/comic-schema";
import { buildComicPdf, type ComicImage } from "@/lib/comic/export/comic-pdf";
import { CROP_SLUG_PT } from "@/lib/comic/export/print-geometry";
import { ExportCancelled } from "@/lib/export/types";
import { readComicFont } from "../support/comic-fonts";
import { sampleComic } from "../support/comic-fixtures";

const fonts = { dialogue: readComicFont("dialogue"), display: readComicFont("display") };

async function makeImage(width: number, height: number, format: "png" | "jpeg", hue: number): Promise<ComicImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="hsl(${hue},55%,55%)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="white"/></svg>`;
  return { bytes: new Uint8Array(await sharp(Buffer.from(svg))[format]().toBuffer()), type: `image/${format}`, width, height };
}

let images: Map<string, ComicImage>;
beforeAll(async () => {
  images = new Map();
  // p7 has no image: it prints as an empty frame.
  for (let i = 1; i <= 6; i++) images.set(`p${i}`, await makeImage(i === 1 ? 600 : 320, i === 1 ? 900 : 240, i % 2 ? "jpeg" : "png", i * 50));
});

const build = (trim: TrimPreset, cropMarks: boolean) => buildComicPdf({ title: "Harbour Night", comic: sampleComic(trim), images, cropMarks, fonts });

type Box = { x: number; y: number; width: number; height: number };
const near = (a: Box, b: Box) => {
  for (const k of ["x", "y", "width", "height"] as const) expect(a[k]).toBeCloseTo(b[k], 2);
};

function contentOf(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return streams.map((s) => (s instanceof PDFRawStream ? new TextDecoder().decode(decodePDFRawStream(s).decode()) : "")).join("\n");
}

async function textOfPages(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  try {
    const out: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      out.push(content.items.map((it) => ("str" in it ? it.str : "")).join(" "));
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

const squash = (s: string) => s.replace(/\s+/g, "");

describe("print-ready comic PDF", () => {
  it.each(Object.keys(TRIM_PRESETS) as TrimPreset[])("%s: each sheet is the trim plus 0.125 in bleed on every side, with TrimBox and BleedBox set", async (trim) => {
    const { widthPt: W, heightPt: H } = TRIM_PRESETS[trim];
    const doc = await PDFDocument.load(await build(trim, false));
    expect(doc.getPageCount()).toBe(3);
    for (const page of doc.getPages()) {
      near(page.getMediaBox(), { x: 0, y: 0, width: W + 2 * BLEED_PT, height: H + 2 * BLEED_PT });
      near(page.getBleedBox(), { x: 0, y: 0, width: W + 2 * BLEED_PT, height: H + 2 * BLEED_PT });
      near(page.getTrimBox(), { x: BLEED_PT, y: BLEED_PT, width: W, height: H });
    }
  });

  it("crop marks: the sheet grows to hold them outside the bleed, drawn in registration black; none unless asked", async () => {
    const { widthPt: W, heightPt: H } = TRIM_PRESETS["us-comic"];
    const marked = await PDFDocument.load(await build("us-comic", true));
    for (const page of marked.getPages()) {
      const off = CROP_SLUG_PT + BLEED_PT;
      near(page.getMediaBox(), { x: 0, y: 0, width: W + 2 * off, height: H + 2 * off });
      near(page.getTrimBox(), { x: off, y: off, width: W, height: H });
      near(page.getBleedBox(), { x: CROP_SLUG_PT, y: CROP_SLUG_PT, width: W + 2 * BLEED_PT, height: H + 2 * BLEED_PT });
      // Eight marks, each stroked in registration black.
      expect(contentOf(page).match(/1 1 1 1 K/g)?.length).toBe(8);
    }
    const plain = await PDFDocument.load(await build("us-comic", false));
    for (const page of plain.getPages()) expect(contentOf(page)).not.toMatch(/ K\n/);
  });

  it("embeds the lettering fonts as subsets, with their glyph programs", async () => {
    const doc = await PDFDocument.load(await build("us-comic", false));
    const found: { name: string; bytes: number }[] = [];
    for (const [, obj] of doc.context.enumerateIndirectObjects()) {
      if (!(obj instanceof PDFDict) || obj.get(PDFName.of("Type")) !== PDFName.of("FontDescriptor")) continue;
      const program = doc.context.lookup(obj.get(PDFName.of("FontFile2")));
      expect(program).toBeInstanceOf(PDFRawStream);
      found.push({ name: String(obj.get(PDFName.of("FontName"))), bytes: decodePDFRawStream(program as PDFRawStream).decode().length });
    }
    expect(found.map((f) => f.name.replace(/-\d+$/, "")).sort()).toEqual(["/Bangers-Regular", "/ComicNeue-Bold"]);
    // Subsets: only the glyphs the lettering uses, a small part of each font.
    for (const f of found) expect(f.bytes).toBeLessThan(Math.min(fonts.dialogue.length, fonts.display.length) / 2);
  });

  it("writes every balloon's, caption's and sound effect's words as extractable text on its page", async () => {
    const comic = sampleComic();
    const pages = await textOfPages(await build("us-comic", false));
    comic.pages.forEach((page, i) => {
      for (const letter of page.letters) expect(squash(pages[i]!)).toContain(squash(letter.displayText));
    });
  });

  it("draws every panel's image once, clipped to its frame; the empty frame has none", async () => {
    const doc = await getDocument({ data: (await build("us-comic", false)).slice() }).promise;
    const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const counts: number[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const ops = await (await doc.getPage(i)).getOperatorList();
      counts.push(ops.fnArray.filter((op) => op === OPS.paintImageXObject).length);
    }
    await doc.destroy();
    expect(counts).toEqual([1, 4, 1]);
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    const run = buildComicPdf(
      { title: "x", comic: sampleComic(), images, cropMarks: false, fonts },
      { signal: controller.signal, onProgress: ({ done }) => (done === 2 ? controller.abort() : undefined) },
    );
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
  });
});
