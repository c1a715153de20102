import fontkit from "@pdf-lib/fontkit";
import {
  clip,
  cmyk,
  concatTransformationMatrix,
  endPath,
  LineCapStyle,
  LineJoinStyle,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setLineJoin,
  setLineWidth,
  setStrokingColor,
  setTextRenderingMode,
  TextRenderingMode,
  type PDFFont,
  type PDFPage,
} from "pdf-lib";
import { makeSanitizer } from "@/lib/export/pdf-glyphs";
import { ExportCancelled, type ExportHooks } from "@/lib/export/types";
import type { Rect, ResolvedComic } from "../comic-types";
import type { ComicFontKey } from "../comic-fonts";
import type { LetterShape } from "../letter-layout";
import { pageLetterArt } from "./letter-art";
import { imageEmbedder, paintImage, type ComicImage, type Transcode } from "./pdf-images";
import { borderSegments, CROP_MARK, cropMarkSegments, framePlacement, paintedRect, sheetGeometry, type SheetGeometry } from "./print-geometry";

/**
 * The print-ready comic PDF: one sheet per page, trim plus 0.125 in bleed (plus a slug for crop
 * marks when asked), with TrimBox and BleedBox set so a printer's imposition software finds the
 * cut. Frames hold their panel's image placed by the framing and clipped to the frame (a frame
 * touching the trim runs into the bleed), borders at the project's weight, empty frames as empty
 * bordered frames, lettering on top as real text in embedded, subset fonts.
 *
 * Runs anywhere (the export's Worker, Node tests): its inputs are plain data and font bytes.
 */
export type { ComicImage } from "./pdf-images";

export interface ComicPdfInput {
  title: string;
  comic: ResolvedComic;
  /** By panel id; a panel missing here prints as an empty frame. */
  images: ReadonlyMap<string, ComicImage>;
  cropMarks: boolean;
  /** For images that cannot go in as they are (see pdf-images.ts). */
  transcode?: Transcode;
  /** TrueType bytes of the lettering faces. */
  fonts: Readonly<Record<ComicFontKey, Uint8Array>>;
}

const INK = rgb(0, 0, 0);
const IMAGES_AHEAD = 4;
/** Registration black: crop marks print on every separation. */
const REGISTRATION = cmyk(1, 1, 1, 1);

interface EmbeddedFont {
  font: PDFFont;
  sanitize: (text: string) => string;
}

interface PageContext {
  page: PDFPage;
  sheet: SheetGeometry;
}

/** Trim coordinates (y down) to the sheet's PDF coordinates (y up). */
const px = (c: PageContext, x: number) => c.sheet.offset + x;
const py = (c: PageContext, y: number) => c.sheet.height - c.sheet.offset - y;

export async function buildComicPdf(input: ComicPdfInput, hooks: ExportHooks = {}): Promise<Uint8Array> {
  const check = () => {
    if (hooks.signal?.aborted) throw new ExportCancelled();
  };
  check();
  const { comic } = input;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(input.title.trim() || "Untitled comic", { showInWindowTitleBar: true });
  doc.setCreator("Castboard");
  doc.setProducer("Castboard (pdf-lib)");

  const fonts = new Map<string, EmbeddedFont>();
  for (const [key, bytes] of Object.entries(input.fonts)) {
    const parsed = fontkit.create(bytes);
    fonts.set(key, { font: await doc.embedFont(bytes, { subset: true }), sanitize: makeSanitizer((cp) => parsed.hasGlyphForCodePoint(cp), "?") });
  }
  const fontOf = (key: string) => fonts.get(key) ?? fonts.values().next().value!;
  const measure = (text: string, key: string, size: number) => {
    const f = fontOf(key);
    return f.font.widthOfTextAtSize(f.sanitize(text), size);
  };

  const imageFor = imageEmbedder(doc, input.images, input.transcode);

  const sheet = sheetGeometry(comic, input.cropMarks);
  const total = comic.pages.reduce((n, p) => n + p.frames.length, 0) || 1;
  let done = 0;
  hooks.onProgress?.({ done, total });
  // Images that need re-encoding decode and encode on the browser's own threads: keep a few in flight ahead of the pages.
  const order = comic.pages.flatMap((p) => p.frames.flatMap((f) => (f.panelId ? [f.panelId] : [])));
  let next = 0;
  let filled = 0;
  const prefetch = (upTo: number) => {
    for (; next < Math.min(order.length, upTo); next++) void imageFor(order[next]!);
  };
  for (const resolved of comic.pages) {
    check();
    const page = doc.addPage([sheet.width, sheet.height]);
    const c: PageContext = { page, sheet };
    setBoxes(c, comic);
    for (const frame of resolved.frames) {
      if (frame.panelId) prefetch(++filled + IMAGES_AHEAD);
      const image = frame.panelId ? await imageFor(frame.panelId) : null;
      const source = frame.panelId ? input.images.get(frame.panelId) : undefined;
      if (image && source) {
        const area = paintedRect(frame.rect, comic);
        const placed = framePlacement(frame, source, comic);
        page.pushOperators(pushGraphicsState());
        clipRect(c, area);
        paintImage(page, image, px(c, placed.x), py(c, placed.y + placed.height), placed.width, placed.height);
        page.pushOperators(popGraphicsState());
      }
      if (comic.border > 0) {
        for (const [x1, y1, x2, y2] of borderSegments(frame.rect, comic.trim)) {
          page.drawLine({ start: { x: px(c, x1), y: py(c, y1) }, end: { x: px(c, x2), y: py(c, y2) }, thickness: comic.border, color: INK, lineCap: 2 });
        }
      }
      done++;
      hooks.onProgress?.({ done, total });
    }
    drawLetters(c, pageLetterArt(resolved, comic, measure), fontOf);
    if (input.cropMarks) drawCropMarks(c, comic);
    // Let the page breathe (and a cancel land) between pages when this runs on the main thread.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  check();
  return doc.save({ useObjectStreams: true, objectsPerTick: 20 });
}

function setBoxes(c: PageContext, comic: ResolvedComic) {
  const { offset } = c.sheet;
  c.page.setMediaBox(0, 0, c.sheet.width, c.sheet.height);
  c.page.setBleedBox(offset - comic.bleed, offset - comic.bleed, comic.trim.width + 2 * comic.bleed, comic.trim.height + 2 * comic.bleed);
  c.page.setTrimBox(offset, offset, comic.trim.width, comic.trim.height);
}

function clipRect(c: PageContext, r: Rect) {
  c.page.pushOperators(rectangle(px(c, r.x), py(c, r.y + r.height), r.width, r.height), clip(), endPath());
}

function drawLetters(c: PageContext, letters: LetterShape[], fontOf: (key: string) => EmbeddedFont) {
  for (const letter of letters) {
    c.page.pushOperators(pushGraphicsState());
    if (letter.rotation !== 0) {
      const a = (-letter.rotation * Math.PI) / 180;
      const [cx, cy] = [px(c, letter.center.x), py(c, letter.center.y)];
      const [cos, sin] = [Math.cos(a), Math.sin(a)];
      // Rotate about the letter's centre: translate there, rotate, translate back.
      c.page.pushOperators(concatTransformationMatrix(cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy));
    }
    const { paint } = letter;
    if (letter.outline && (paint.fill || paint.stroke)) {
      c.page.drawSvgPath(letter.outline, {
        x: c.sheet.offset,
        y: c.sheet.height - c.sheet.offset,
        color: paint.fill ? hex(paint.fill) : undefined,
        borderColor: paint.stroke ? hex(paint.stroke) : undefined,
        borderWidth: paint.stroke ? paint.strokeWidth : 0,
        borderLineCap: LineCapStyle.Round,
      });
    }
    const { font, sanitize } = fontOf(letter.font);
    if (paint.textStroke) {
      // Outlined type (sound effects): fill and stroke in one pass, so the words are written once.
      c.page.pushOperators(setTextRenderingMode(TextRenderingMode.FillAndOutline), setStrokingColor(hex(paint.textStroke)), setLineWidth(paint.textStrokeWidth), setLineJoin(LineJoinStyle.Round));
    }
    for (const row of letter.rows) {
      const text = sanitize(row.text);
      if (!text.trim()) continue;
      // Centred on the row's x with this font's own width, so a substituted glyph cannot shift it.
      const width = font.widthOfTextAtSize(text, letter.fontSize);
      c.page.drawText(text, { x: px(c, row.x - width / 2), y: py(c, row.baseline), size: letter.fontSize, font, color: hex(paint.text) });
    }
    c.page.pushOperators(popGraphicsState());
  }
}

const hex = (color: string) => {
  const v = parseInt(color.replace("#", ""), 16);
  return rgb(((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255);
};

function drawCropMarks(c: PageContext, comic: ResolvedComic) {
  for (const [x1, y1, x2, y2] of cropMarkSegments(comic)) {
    c.page.drawLine({ start: { x: px(c, x1), y: py(c, y1) }, end: { x: px(c, x2), y: py(c, y2) }, thickness: CROP_MARK.weight, color: REGISTRATION });
  }
}

