/**
 * Storyboard PDF: a grid of panels per page (frame with its dialogue balloons, shot line,
 * caption, dialogue and notes), a header with the project title and "Page N of M" on every page.
 *
 * Text is never cut: whatever does not fit in a panel's cell continues, at full page width, on
 * "Shot N (continued)" pages placed right after the page the panel is on, and the cell says on
 * which page. Nothing is drawn outside the margins or in the footer band.
 *
 * Fonts are embedded (subset) from the bytes the caller passes (DejaVu Sans covers Latin, Greek,
 * Cyrillic, Hebrew, Arabic and many symbols). Limitations:
 * - characters the fonts have no glyph for (CJK, most emoji with DejaVu) print as "□";
 * - right-to-left text is put in visual order by the Unicode bidi algorithm (bidi-js), span by
 *   span within a line; lines and paragraphs are still laid out from the left;
 * - only JPEG and PNG images are embedded (pdf-lib cannot read WebP): the caller converts WebP
 *   first, and a WebP that arrives anyway is drawn as a placeholder saying so;
 * - speech balloons use the board's own layout (`layoutBalloon`) for the frame printed at 100%,
 *   as wide as the board's smallest card at least, with balloon type never under 5 pt: on very
 *   small frames they are relatively larger than on the board. The full dialogue is also printed
 *   under the frame, so a balloon the board would shorten with "…" loses nothing.
 *
 * Runs anywhere (Worker, page, Node): the only inputs are plain data and font bytes.
 */
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type Color, type PDFFont, type PDFImage, type PDFPage } from "pdf-lib";
import { BALLOON, balloonPath, layoutBalloon, type Measure } from "@/lib/board/balloon-layout";
import { sniffImageType } from "@/lib/images/sniff";
import { CAMERA_ANGLES, SHOT_SIZES } from "@/lib/state/panel-schema";
import { hasRtl, makeSanitizer, visualRuns } from "./pdf-glyphs";
import {
  CONTINUATION_HEADING,
  CONTINUATION_TEXT,
  PAGE,
  balloonScale,
  cellGeometry,
  cellTextStyle,
  containRect,
  contentBox,
  gridCells,
  pageSize,
  type PdfLayoutOptions,
  type Rect,
  type TextStyle,
} from "./pdf-layout";
import { fitCellText, graphemes, lineWidth, planContinuation, type CellText, type Span, type TextBlock, type TextMeasure } from "./pdf-text";
import { ExportCancelled, type ExportHooks, type ExportPanel } from "./types";

export { PDF_PER_PAGE_CHOICES, type PdfLayoutOptions, type PdfPerPage } from "./pdf-layout";

export interface StoryboardPdfInput {
  title: string;
  /**
   * Panels in board order. Images must be JPEG or PNG: convert WebP (e.g. through a canvas or
   * `createImageBitmap`) before calling; a WebP image is not embedded and its frame says so.
   */
  panels: ExportPanel[];
  layout: PdfLayoutOptions;
  /** TrueType/OpenType bytes, e.g. DejaVuSans.ttf and DejaVuSans-Bold.ttf from `dejavu-fonts-ttf`. */
  fonts: { regular: Uint8Array; bold: Uint8Array };
}

const INK = rgb(0x1d / 255, 0x1d / 255, 0x1f / 255);
const MUTED = rgb(0x6e / 255, 0x6e / 255, 0x73 / 255);
const SPEAKER = rgb(0x55 / 255, 0x55 / 255, 0x5a / 255);
const RULE = rgb(0xd2 / 255, 0xd2 / 255, 0xd7 / 255);
const FRAME_BG = rgb(0xee / 255, 0xee / 255, 0xf0 / 255);
const PLACEHOLDER_BG = rgb(0xf5 / 255, 0xf5 / 255, 0xf7 / 255);
const FRAME_BORDER = rgb(0xc7 / 255, 0xc7 / 255, 0xcc / 255);
const WHITE = rgb(1, 1, 1);
const BLACK = rgb(0, 0, 0);

/** Baseline below the top of a line box, in font sizes (DejaVu's ascent is 0.93 em). */
const BASELINE = 0.95;
/** SVG `dominant-baseline: central` as a baseline offset, in font sizes. */
const CENTRAL = 0.35;
/** Panels between yields to the event loop: one, so a busy machine still gets a frame in per panel. */
const YIELD_EVERY = 1;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Cached widths from the embedded fonts, and what to hand pdf-lib so runs come out in visual order. */
class Metrics implements TextMeasure {
  private readonly widths = [new Map<string, number>(), new Map<string, number>()];
  private readonly spaces: [number, number];
  private readonly rtlShaped = new Map<string, boolean>();

  constructor(
    readonly fonts: Fonts,
    private readonly shapesRtl: (text: string) => boolean,
  ) {
    this.spaces = [fonts.regular.widthOfTextAtSize(" ", 1), fonts.bold.widthOfTextAtSize(" ", 1)];
  }

  font(bold: boolean): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  /**
   * The string to draw for a run so its glyphs land in visual order: fontkit reverses runs it
   * detects as Hebrew or Arabic (shaping them in logical order first); anything else we reverse.
   */
  drawn(run: { text: string; rtl: boolean }): string {
    if (!run.rtl) return run.text;
    let shaped = this.rtlShaped.get(run.text);
    if (shaped === undefined) {
      shaped = this.shapesRtl(run.text);
      this.rtlShaped.set(run.text, shaped);
    }
    return shaped ? run.text : graphemes(run.text).reverse().join("");
  }

  word(text: string, bold: boolean): number {
    const cache = this.widths[bold ? 1 : 0]!;
    let w = cache.get(text);
    if (w === undefined) {
      const font = this.font(bold);
      w = hasRtl(text) ? visualRuns(text).reduce((sum, run) => sum + font.widthOfTextAtSize(this.drawn(run), 1), 0) : font.widthOfTextAtSize(text, 1);
      cache.set(text, w);
    }
    return w;
  }

  space(bold: boolean): number {
    return this.spaces[bold ? 1 : 0];
  }

  measure: Measure = (text, fontSize, bold) => lineWidth(text, fontSize, !!bold, this);
}

interface DrawText {
  page: PDFPage;
  m: Metrics;
  pageHeight: number;
}

/** What `drawSpans` hands pdf-lib for each span, with widths at size 1. */
function pieces(m: Metrics, spans: Span[]): { text: string; bold: boolean; width: number }[] {
  const out: { text: string; bold: boolean; width: number }[] = [];
  for (const span of spans) {
    const font = m.font(span.bold);
    if (hasRtl(span.text)) {
      for (const run of visualRuns(span.text)) {
        const text = m.drawn(run);
        out.push({ text, bold: span.bold, width: font.widthOfTextAtSize(text, 1) });
      }
    } else out.push({ text: span.text, bold: span.bold, width: lineWidth(span.text, 1, span.bold, m) });
  }
  return out;
}

function spansWidth(m: Metrics, spans: Span[], size: number): number {
  return pieces(m, spans).reduce((w, p) => w + p.width, 0) * size;
}

/**
 * Draws spans on one line from `x`, baseline at `baseline` (top-down coordinates). Returns the
 * width drawn. With `maxWidth`, a line that measures wider than promised (shaping) is drawn
 * smaller rather than past its box.
 */
function drawSpans(t: DrawText, spans: Span[], x: number, baseline: number, size: number, color: Color, maxWidth?: number): number {
  const parts = pieces(t.m, spans);
  const natural = parts.reduce((s, p) => s + p.width, 0) * size;
  const fitted = maxWidth !== undefined && natural > maxWidth && natural > 0 ? (size * maxWidth) / natural : size;
  let at = x;
  for (const part of parts) {
    if (part.text.trim()) t.page.drawText(part.text, { x: at, y: t.pageHeight - baseline, size: fitted, font: t.m.font(part.bold), color });
    at += part.width * fitted;
  }
  return at - x;
}

/** One line of text, shrunk to `maxWidth` if needed and then cut with an ellipsis (page chrome only, never panel text). */
function fitOneLine(m: Metrics, text: string, bold: boolean, size: number, minSize: number, maxWidth: number): { text: string; size: number } {
  const w = m.measure(text, size, bold);
  if (w <= maxWidth) return { text, size };
  const shrunk = Math.max(minSize, (size * maxWidth) / w);
  if (m.measure(text, shrunk, bold) <= maxWidth) return { text, size: shrunk };
  const gs = graphemes(text);
  while (gs.length > 1 && m.measure(gs.join("").trimEnd() + "…", shrunk, bold) > maxWidth) gs.pop();
  return { text: gs.join("").trimEnd() + "…", size: shrunk };
}

function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec <= 0) return "";
  const v = Math.round(sec * 10) / 10;
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)}s`;
}

function label(value: string | null, table: Record<string, string>): string {
  if (!value) return "";
  return Object.hasOwn(table, value) ? table[value]! : value;
}

/** A panel's text, ready to lay out. */
interface PlannedPanel {
  panel: ExportPanel;
  cell: Rect;
  style: TextStyle;
  shotLabel: string;
  meta: { lines: Span[][]; inline: boolean };
  headerHeight: number;
  frame: Rect;
  textArea: Rect;
  text: CellText;
}

export async function buildStoryboardPdf(input: StoryboardPdfInput, hooks?: ExportHooks): Promise<Uint8Array> {
  const signal = hooks?.signal;
  const check = () => {
    if (signal?.aborted) throw new ExportCancelled();
  };
  check();

  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const title = input.title.trim() || "Untitled storyboard";
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setCreator("Castboard");
  doc.setProducer("Castboard (pdf-lib)");
  const now = new Date();
  doc.setCreationDate(now);
  doc.setModificationDate(now);

  const fonts: Fonts = {
    regular: await doc.embedFont(input.fonts.regular, { subset: true }),
    bold: await doc.embedFont(input.fonts.bold, { subset: true }),
  };
  // Separate parses for questions pdf-lib does not answer: which characters have glyphs, and which runs fontkit shapes right to left.
  const fkRegular = fontkit.create(input.fonts.regular);
  const fkBold = fontkit.create(input.fonts.bold);
  const sanitize = makeSanitizer((cp) => fkRegular.hasGlyphForCodePoint(cp) && fkBold.hasGlyphForCodePoint(cp), fkRegular.hasGlyphForCodePoint(0x25a1) ? "\u25A1" : "?");
  const m = new Metrics(fonts, (text) => fkRegular.layout(text).direction === "rtl");

  const layout = input.layout;
  const size = pageSize(layout);
  const H = size.height;
  const cells = gridCells(layout);
  const perPage = cells.length;
  const style = cellTextStyle(layout.perPage);
  const total = input.panels.length;
  const images = new WeakMap<Uint8Array, PDFImage | null>();

  const newPage = (rightLabel: string): PDFPage => {
    const page = doc.addPage([size.width, size.height]);
    const t: DrawText = { page, m, pageHeight: H };
    const mg = PAGE.margin;
    const right = rightLabel ? fitOneLine(m, sanitize(rightLabel), false, 9, 7, (size.width - 2 * mg) * 0.3) : null;
    const rightW = right ? m.measure(right.text, right.size, false) : 0;
    const head = fitOneLine(m, sanitize(title), true, PAGE.titleSize, 9, size.width - 2 * mg - rightW - (right ? 16 : 0));
    drawSpans(t, [{ text: head.text, bold: true }], mg, mg + PAGE.titleSize, head.size, INK);
    if (right) drawSpans(t, [{ text: right.text, bold: false }], size.width - mg - rightW, mg + PAGE.titleSize, right.size, MUTED);
    page.drawLine({ start: { x: mg, y: H - (mg + 20) }, end: { x: size.width - mg, y: H - (mg + 20) }, thickness: 0.5, color: RULE });
    return page;
  };

  const planPanel = (panel: ExportPanel, cell: Rect): PlannedPanel => {
    const shotLabel = `Shot ${panel.number}`;
    const shotSize = style.fontSize + 2;
    const metaText = sanitize(
      [label(panel.shotSize, SHOT_SIZES), label(panel.angle, CAMERA_ANGLES), formatDuration(panel.durationSec)].filter(Boolean).join(" · "),
    );
    const shotW = m.measure(shotLabel, shotSize, true);
    const metaW = m.measure(metaText, style.fontSize, false);
    const headLine = Math.round(shotSize * 1.35 * 100) / 100;
    let meta: PlannedPanel["meta"] = { lines: [], inline: true };
    let headerHeight = headLine;
    if (metaText && shotW + 8 + metaW <= cell.width) meta = { lines: [[{ text: metaText, bold: false }]], inline: true };
    else if (metaText) {
      const wrapped = fitCellText([{ text: metaText, boldUntil: 0, heading: null, gapBefore: 0 }], { width: cell.width, height: Infinity }, style, m);
      meta = { lines: wrapped.lines.map((l) => l.spans), inline: false };
      headerHeight += meta.lines.length * style.leading;
    }
    const geometry = cellGeometry(cell, panel.aspect, headerHeight, style);

    const blocks: TextBlock[] = [];
    const caption = sanitize(panel.caption).trim();
    if (caption) blocks.push({ text: caption, boldUntil: 0, heading: null, gapBefore: 0.35 });
    let firstLine = true;
    for (const line of panel.dialogue) {
      const text = sanitize(line.text).trim();
      if (!text) continue;
      const speaker = sanitize(line.speaker ?? "").replace(/\s+/g, " ").trim();
      const full = speaker ? `${speaker}: ${text}` : text;
      blocks.push({ text: full, boldUntil: speaker ? speaker.length + 1 : 0, heading: null, gapBefore: firstLine ? 0.35 : 0.1 });
      firstLine = false;
    }
    const notes = sanitize(panel.notes).trim();
    if (notes) blocks.push({ text: notes, boldUntil: 0, heading: "Notes", gapBefore: 0.35 });
    const text = fitCellText(blocks, geometry.text, style, m);
    return { panel, cell, style, shotLabel, meta, headerHeight, frame: geometry.frame, textArea: geometry.text, text };
  };

  const drawFrame = async (page: PDFPage, p: PlannedPanel) => {
    const t: DrawText = { page, m, pageHeight: H };
    const f = p.frame;
    const image = p.panel.image;
    let note: string | null = image ? null : "No image yet";
    let embedded: PDFImage | null = null;
    if (image) {
      const cached = images.get(image.bytes);
      if (cached !== undefined) embedded = cached;
      else {
        const kind = sniffImageType(image.bytes);
        try {
          embedded = kind === "image/jpeg" ? await doc.embedJpg(image.bytes) : kind === "image/png" ? await doc.embedPng(image.bytes) : null;
        } catch {
          embedded = null;
        }
        images.set(image.bytes, embedded);
      }
      if (!embedded) {
        const kind = sniffImageType(image.bytes);
        note = kind === "image/webp" || image.type === "image/webp" ? "WebP image not embedded (convert to PNG or JPEG)" : "Image could not be embedded";
      }
    }
    const rect = { x: f.x, y: H - f.y - f.height, width: f.width, height: f.height };
    if (embedded) {
      page.drawRectangle({ ...rect, color: FRAME_BG });
      const fit = containRect(f, embedded.width, embedded.height);
      page.drawImage(embedded, { x: fit.x, y: H - fit.y - fit.height, width: fit.width, height: fit.height });
      page.drawRectangle({ ...rect, borderColor: FRAME_BORDER, borderWidth: 0.5 });
    } else {
      page.drawRectangle({ ...rect, color: PLACEHOLDER_BG, borderColor: FRAME_BORDER, borderWidth: 0.75, borderDashArray: [3, 2] });
      if (note) {
        const wrapped = fitCellText([{ text: note, boldUntil: 0, heading: null, gapBefore: 0 }], { width: f.width - 12, height: f.height - 8 }, p.style, m);
        const lines = wrapped.rest ? [] : wrapped.lines;
        const top = f.y + (f.height - lines.length * p.style.leading) / 2;
        lines.forEach((line, i) => {
          const x = f.x + (f.width - line.width) / 2;
          drawSpans(t, line.spans, x, top + i * p.style.leading + p.style.fontSize * BASELINE, p.style.fontSize, MUTED, f.width - 12);
        });
      }
    }
    // Dialogue balloons over the frame, placed as the board places them.
    for (const b of p.panel.balloons) {
      const text = sanitize(b.text);
      if (!text.trim()) continue;
      const speaker = b.speaker ? sanitize(b.speaker).trim() || null : null;
      // Laid out in board units (CSS px) and drawn scaled, stroke included, as the board's SVG overlay.
      const k = balloonScale(f.width, BALLOON.minFont);
      const box = layoutBalloon({ text, speaker, x: b.x, y: b.y }, { width: f.width / k, height: f.height / k }, m.measure);
      const path = balloonPath(box);
      page.drawSvgPath(path, { x: f.x, y: H - f.y - 0.8, scale: k, color: BLACK, opacity: 0.12 });
      page.drawSvgPath(path, { x: f.x, y: H - f.y, scale: k, color: WHITE, borderColor: INK, borderWidth: Math.max(1, box.fontSize * 0.07) });
      for (const row of box.rows) {
        const spans = [{ text: row.text, bold: row.bold }];
        const size = row.fontSize * k;
        const w = Math.min(spansWidth(m, spans, size), box.width * k);
        drawSpans(t, spans, f.x + row.x * k - w / 2, f.y + (row.y + row.fontSize * CENTRAL) * k, size, row.bold ? SPEAKER : INK, box.width * k);
      }
    }
  };

  const drawPanel = async (page: PDFPage, p: PlannedPanel, continuedOn: number | null) => {
    const t: DrawText = { page, m, pageHeight: H };
    const { cell, style: s } = p;
    const shotSize = s.fontSize + 2;
    const shotW = drawSpans(t, [{ text: p.shotLabel, bold: true }], cell.x, cell.y + shotSize * BASELINE, shotSize, INK, cell.width);
    if (p.meta.inline && p.meta.lines[0]) {
      drawSpans(t, p.meta.lines[0], cell.x + shotW + 8, cell.y + shotSize * BASELINE, s.fontSize, MUTED, cell.width - shotW - 8);
    } else {
      const top = cell.y + shotSize * 1.35;
      p.meta.lines.forEach((spans, i) => drawSpans(t, spans, cell.x, top + i * s.leading + s.fontSize * BASELINE, s.fontSize, MUTED, cell.width));
    }
    await drawFrame(page, p);

    const area = p.textArea;
    let y = area.y;
    p.text.lines.forEach((line, i) => {
      y += i === 0 ? 0 : line.gapBefore;
      if (line.kind !== "blank") drawSpans(t, line.spans, area.x, y + s.fontSize * BASELINE, s.fontSize, line.kind === "heading" ? MUTED : INK, area.width);
      y += s.leading;
    });
    if (continuedOn !== null && area.height >= s.leading) {
      const marker = fitOneLine(m, `Continued on page ${continuedOn} →`, false, s.fontSize, 5, area.width);
      drawSpans(t, [{ text: marker.text, bold: false }], area.x, y + s.fontSize * BASELINE, marker.size, MUTED, area.width);
    }
  };

  const drawContinuation = (page: PDFPage, items: ReturnType<typeof planContinuation>["pages"][number]) => {
    const t: DrawText = { page, m, pageHeight: H };
    const box = contentBox(size);
    const s = CONTINUATION_TEXT;
    for (const item of items) {
      if (item.kind === "heading") {
        drawSpans(t, [{ text: item.text, bold: true }], box.x, item.y + CONTINUATION_HEADING.fontSize * BASELINE, CONTINUATION_HEADING.fontSize, INK, box.width);
      } else if (item.line.kind !== "blank") {
        drawSpans(t, item.line.spans, box.x, item.y + s.fontSize * BASELINE, s.fontSize, item.line.kind === "heading" ? MUTED : INK, box.width);
      }
    }
  };

  hooks?.onProgress?.({ done: 0, total });
  if (total === 0) {
    const page = newPage("");
    const box = contentBox(size);
    drawSpans({ page, m, pageHeight: H }, [{ text: "This storyboard has no panels yet.", bold: false }], box.x, box.y + 12, 11, MUTED, box.width);
  }

  let done = 0;
  for (let start = 0; start < total; start += perPage) {
    const group = input.panels.slice(start, start + perPage);
    const planned: PlannedPanel[] = [];
    for (const [i, panel] of group.entries()) {
      check();
      planned.push(planPanel(panel, cells[i]!));
    }
    const overflow = planned.filter((p) => p.text.rest);
    const plan = planContinuation(
      overflow.map((p) => ({ heading: `${p.shotLabel} (continued)`, blocks: p.text.rest! })),
      contentBox(size),
      m,
    );
    const first = group[0]!.number;
    const last = group[group.length - 1]!.number;
    const range = group.length > 1 ? `Shots ${first}–${last}` : `Shot ${first}`;
    const page = newPage(range);
    const pageNumber = doc.getPageCount();
    for (const p of planned) {
      check();
      const index = overflow.indexOf(p);
      await drawPanel(page, p, index >= 0 ? pageNumber + 1 + plan.startPage[index]! : null);
      done++;
      hooks?.onProgress?.({ done, total });
      if (done % YIELD_EVERY === 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        check();
      }
    }
    for (const items of plan.pages) drawContinuation(newPage(`${range} (continued)`), items);
  }

  // Footers last, once the page count is known.
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const text = `Page ${i + 1} of ${pages.length}`;
    const w = m.measure(text, PAGE.footerSize, false);
    drawSpans({ page, m, pageHeight: H }, [{ text, bold: false }], (size.width - w) / 2, H - PAGE.margin - 4, PAGE.footerSize, MUTED);
  });
  check();
  // Serializing yields to the browser every few objects, so a long document never holds a frame.
  return doc.save({ useObjectStreams: true, objectsPerTick: 10 });
}
