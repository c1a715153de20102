/**
 * Page geometry and text layout for the storyboard PDF, free of pdf-lib so it can be reasoned
 * about (and tested) on its own. All coordinates here are in PDF points with the origin at the
 * top-left corner of the page and y growing downwards; `pdf.ts` flips them when drawing.
 */

export const PDF_PER_PAGE_CHOICES = [1, 2, 3, 4, 6, 9] as const;
export type PdfPerPage = (typeof PDF_PER_PAGE_CHOICES)[number];

export interface PdfLayoutOptions {
  perPage: PdfPerPage;
  orientation: "portrait" | "landscape";
  paper: "a4" | "letter";
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Portrait sizes in points. */
export const PAPER_SIZES = { a4: { width: 595.28, height: 841.89 }, letter: { width: 612, height: 792 } } as const;

export const PAGE = {
  margin: 36,
  titleSize: 13,
  /** Title line plus the rule under it; panels start below. */
  headerHeight: 30,
  footerSize: 8,
  /** Band at the bottom of the margin box for "Page N of M"; nothing else is drawn in it. */
  footerHeight: 20,
  gapX: 18,
  gapY: 16,
} as const;

export function pageSize(layout: Pick<PdfLayoutOptions, "paper" | "orientation">): { width: number; height: number } {
  const { width, height } = PAPER_SIZES[layout.paper];
  return layout.orientation === "landscape" ? { width: height, height: width } : { width, height };
}

/** Columns × rows for each choice: wide pages get more columns, tall pages more rows. */
const GRID: Record<PdfPerPage, { portrait: [number, number]; landscape: [number, number] }> = {
  1: { portrait: [1, 1], landscape: [1, 1] },
  2: { portrait: [1, 2], landscape: [2, 1] },
  3: { portrait: [1, 3], landscape: [3, 1] },
  4: { portrait: [2, 2], landscape: [2, 2] },
  6: { portrait: [2, 3], landscape: [3, 2] },
  9: { portrait: [3, 3], landscape: [3, 3] },
};

export function gridShape(perPage: PdfPerPage, orientation: PdfLayoutOptions["orientation"]): { cols: number; rows: number } {
  const [cols, rows] = GRID[perPage][orientation];
  return { cols, rows };
}

/** Where panels and continuation text may go: inside the margins, below the header, above the footer band. */
export function contentBox(page: { width: number; height: number }): Rect {
  const m = PAGE.margin;
  return { x: m, y: m + PAGE.headerHeight, width: page.width - 2 * m, height: page.height - 2 * m - PAGE.headerHeight - PAGE.footerHeight };
}

/** The grid cells of one page, in reading order (left to right, then down). */
export function gridCells(layout: PdfLayoutOptions): Rect[] {
  const box = contentBox(pageSize(layout));
  const { cols, rows } = gridShape(layout.perPage, layout.orientation);
  const width = (box.width - (cols - 1) * PAGE.gapX) / cols;
  const height = (box.height - (rows - 1) * PAGE.gapY) / rows;
  const cells: Rect[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) cells.push({ x: box.x + c * (width + PAGE.gapX), y: box.y + r * (height + PAGE.gapY), width, height });
  }
  return cells;
}

export interface TextStyle {
  fontSize: number;
  leading: number;
}

const CELL_FONT: Record<PdfPerPage, number> = { 1: 10.5, 2: 10, 3: 9.5, 4: 9, 6: 8, 9: 7.5 };

/** Body text in a cell: smaller as cells get smaller, never below 7.5 pt. */
export function cellTextStyle(perPage: PdfPerPage): TextStyle {
  const fontSize = CELL_FONT[perPage];
  return { fontSize, leading: round2(fontSize * 1.3) };
}

/** Continuation pages use the full content width at a comfortable reading size. */
export const CONTINUATION_TEXT: TextStyle = { fontSize: 10, leading: 13 };
export const CONTINUATION_HEADING = { fontSize: 11, height: 18, gapBefore: 14 } as const;

/** Cells this much wider than tall put the text beside the frame rather than under it. */
export const SIDE_BY_SIDE_RATIO = 1.8;

/**
 * A cell split into frame and text area below the "Shot N" header (`headerHeight` tall).
 * The frame keeps the panel's aspect ratio and leaves room for at least three lines of text.
 */
export function cellGeometry(cell: Rect, aspect: number, headerHeight: number, style: TextStyle): { frame: Rect; text: Rect; side: boolean } {
  const a = Number.isFinite(aspect) && aspect > 0 ? Math.min(5, Math.max(0.2, aspect)) : 16 / 9;
  const top = cell.y + headerHeight + 4;
  const avail = Math.max(0, cell.y + cell.height - top);
  const minText = 3 * style.leading + 6;
  const side = cell.width / cell.height >= SIDE_BY_SIDE_RATIO;
  if (side) {
    let w = cell.width * 0.58;
    let h = w / a;
    if (h > avail) {
      h = avail;
      w = h * a;
    }
    const frame = { x: cell.x, y: top, width: w, height: h };
    const textX = cell.x + w + 12;
    return { frame, text: { x: textX, y: top, width: cell.x + cell.width - textX, height: avail }, side };
  }
  const maxH = Math.max(avail * 0.3, Math.min(avail * 0.66, avail - minText));
  let w = cell.width;
  let h = w / a;
  if (h > maxH) {
    h = maxH;
    w = h * a;
  }
  const frame = { x: cell.x + (cell.width - w) / 2, y: top, width: w, height: h };
  const textTop = top + h + 6;
  return { frame, text: { x: cell.x, y: textTop, width: cell.width, height: Math.max(0, cell.y + cell.height - textTop) }, side };
}

/** Largest rectangle of the image's aspect inside `frame`, centred: nothing of the image is cropped. */
export function containRect(frame: Rect, imageWidth: number, imageHeight: number): Rect {
  if (!(imageWidth > 0 && imageHeight > 0)) return frame;
  const scale = Math.min(frame.width / imageWidth, frame.height / imageHeight);
  const width = imageWidth * scale;
  const height = imageHeight * scale;
  return { x: frame.x + (frame.width - width) / 2, y: frame.y + (frame.height - height) / 2, width, height };
}

/** The board never shows a frame narrower than its smallest card (CSS px). */
export const BOARD_MIN_FRAME_PX = 190;
/** Balloon type is never printed smaller than this, whatever the frame. */
export const MIN_BALLOON_PT = 5;
/** Points per CSS pixel, as a browser prints. */
const PT_PER_PX = 0.75;

/**
 * Points per balloon-layout unit for a frame `frameWidth` points wide. Balloons are laid out as
 * the board would lay them out for this frame printed at 100% (CSS px, so the board's 8 px
 * minimum type is 6 pt), as if the frame were at least as wide as the smallest board card, but
 * never so small that balloon type drops under 5 pt.
 */
export function balloonScale(frameWidth: number, minFontPx: number): number {
  if (!(frameWidth > 0)) return PT_PER_PX;
  const px = Math.max(frameWidth / PT_PER_PX, BOARD_MIN_FRAME_PX);
  const virtual = Math.min(px, frameWidth / (MIN_BALLOON_PT / minFontPx));
  return frameWidth / virtual;
}

// ---------------------------------------------------------------------------------------------
// Text

/** Widths at font size 1 (multiply by the size). Word widths should be cached by the caller. */
export interface TextMeasure {
  word(text: string, bold: boolean): number;
  space(bold: boolean): number;
}

/** Width of a line of single-space separated words, as the wrapper measures it. */
export function lineWidth(text: string, size: number, bold: boolean, m: TextMeasure): number {
  const words = text.split(" ");
  let w = 0;
  for (const word of words) if (word) w += m.word(word, bold);
  return (w + (words.length - 1) * m.space(bold)) * size;
}

/**
 * A piece of panel text: a caption, one dialogue line ("Speaker: text", the first `boldUntil`
 * characters bold), or the notes under a "Notes" heading.
 */
export interface TextBlock {
  text: string;
  boldUntil: number;
  heading: string | null;
  /** Space above the block, in lines, when it is not the first. */
  gapBefore: number;
  muted?: boolean;
}

export interface Span {
  text: string;
  bold: boolean;
}

export interface TextLine {
  block: number;
  kind: "heading" | "text" | "blank";
  spans: Span[];
  /** Offset in the block's text of the line's first character (for continuing a block elsewhere). */
  start: number;
  /** Extra space above the line, in points. */
  gapBefore: number;
  /** Measured width in points. */
  width: number;
}

let segmenter: Intl.Segmenter | null | undefined;
/** User-perceived characters, so a long word never breaks inside an accented letter or emoji. */
export function graphemes(text: string): string[] {
  if (segmenter === undefined) segmenter = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  if (!segmenter) return Array.from(text);
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

interface Word {
  text: string;
  start: number;
  bold: boolean;
  width: number;
}

/** Splits a word too wide for a line into chunks that fit, at least one character each. */
function breakWord(word: Word, maxWidth: number, size: number, m: TextMeasure): Word[] {
  const out: Word[] = [];
  let chunk = "";
  let chunkStart = word.start;
  let offset = word.start;
  let width = 0;
  for (const g of graphemes(word.text)) {
    const gw = m.word(g, word.bold) * size;
    if (chunk && width + gw > maxWidth) {
      out.push({ text: chunk, start: chunkStart, bold: word.bold, width: m.word(chunk, word.bold) * size });
      chunk = "";
      chunkStart = offset;
      width = 0;
    }
    chunk += g;
    width += gw;
    offset += g.length;
  }
  if (chunk) out.push({ text: chunk, start: chunkStart, bold: word.bold, width: m.word(chunk, word.bold) * size });
  // A chunk measured as a whole can come out wider than its characters summed (shaping): split it again by halves.
  return out.flatMap((w) => (w.width > maxWidth && Array.from(w.text).length > 1 ? halve(w, maxWidth, size, m) : [w]));
}

function halve(word: Word, maxWidth: number, size: number, m: TextMeasure): Word[] {
  const gs = graphemes(word.text);
  if (gs.length < 2) return [word];
  const head = gs.slice(0, Math.ceil(gs.length / 2)).join("");
  const tail = word.text.slice(head.length);
  return [head, tail].flatMap((text, i) => {
    const w: Word = { text, start: word.start + (i ? head.length : 0), bold: word.bold, width: m.word(text, word.bold) * size };
    return w.width > maxWidth ? halve(w, maxWidth, size, m) : [w];
  });
}

/** Words joined by single spaces, consecutive words of the same weight merged into one span. */
function toSpans(words: Word[]): Span[] {
  const spans: Span[] = [];
  for (const w of words) {
    const last = spans[spans.length - 1];
    if (last && last.bold === w.bold) last.text += ` ${w.text}`;
    else if (last) {
      // The space between a bold and a regular word goes with the bold span.
      last.text += " ";
      spans.push({ text: w.text, bold: w.bold });
    } else spans.push({ text: w.text, bold: w.bold });
  }
  return spans;
}

/**
 * Greedy word wrap of blocks at `width`: keeps the writer's line breaks (blank lines included),
 * breaks words longer than a line, and records where each line starts in its block so the rest
 * of a block can be laid out again elsewhere. Whitespace runs inside a line collapse to one space.
 */
export function wrapBlocks(blocks: TextBlock[], width: number, style: TextStyle, m: TextMeasure): TextLine[] {
  const size = style.fontSize;
  const lines: TextLine[] = [];
  blocks.forEach((block, b) => {
    let gap = lines.length ? block.gapBefore * style.leading : 0;
    const push = (kind: TextLine["kind"], words: Word[], start: number) => {
      const width = words.reduce((sum, word, i) => sum + word.width + (i < words.length - 1 ? m.space(word.bold) * size : 0), 0);
      lines.push({ block: b, kind, spans: toSpans(words), start, gapBefore: gap, width });
      gap = 0;
    };
    if (block.heading) {
      for (const words of wrapParagraph(block.heading, 0, Infinity, width, size, m)) push("heading", words, 0);
    }
    const paragraphs: { text: string; offset: number }[] = [];
    let offset = 0;
    for (const text of block.text.split("\n")) {
      paragraphs.push({ text, offset });
      offset += text.length + 1;
    }
    // Leading and trailing blank paragraphs are dropped; blank lines between paragraphs are kept.
    while (paragraphs.length && !paragraphs[0]!.text.trim()) paragraphs.shift();
    while (paragraphs.length && !paragraphs[paragraphs.length - 1]!.text.trim()) paragraphs.pop();
    for (const p of paragraphs) {
      const wrapped = wrapParagraph(p.text, p.offset, block.boldUntil, width, size, m);
      if (wrapped.length === 0) push("blank", [], p.offset);
      for (const words of wrapped) push("text", words, words[0]!.start);
    }
  });
  return lines;
}

function wrapParagraph(text: string, offset: number, boldUntil: number, width: number, size: number, m: TextMeasure): Word[][] {
  const out: Word[][] = [];
  let line: Word[] = [];
  let lineW = 0;
  for (const match of text.matchAll(/\S+/g)) {
    const start = offset + (match.index ?? 0);
    const bold = start < boldUntil;
    const word: Word = { text: match[0], start, bold, width: m.word(match[0], bold) * size };
    const last = line[line.length - 1];
    const candidate = last ? lineW + m.space(last.bold) * size + word.width : word.width;
    if (candidate <= width) {
      line.push(word);
      lineW = candidate;
      continue;
    }
    if (line.length) out.push(line);
    line = [];
    lineW = 0;
    const chunks = word.width <= width ? [word] : breakWord(word, width, size, m);
    for (const chunk of chunks.slice(0, -1)) out.push([chunk]);
    const tail = chunks[chunks.length - 1]!;
    line = [tail];
    lineW = tail.width;
  }
  if (line.length) out.push(line);
  return out;
}

/** Total height of `lines` (gaps included). */
export function linesHeight(lines: TextLine[], leading: number): number {
  return lines.reduce((h, l) => h + l.gapBefore + leading, 0);
}

/** How many of `lines` fit, from the first, in `height`. */
export function fitCount(lines: TextLine[], height: number, leading: number): number {
  let used = 0;
  let n = 0;
  for (const line of lines) {
    used += (n === 0 ? 0 : line.gapBefore) + leading;
    if (used > height + 1e-6) break;
    n++;
  }
  return n;
}

/** The text from `lines[from]` on, as blocks to lay out again at another width. */
export function remainderBlocks(blocks: TextBlock[], lines: TextLine[], from: number): TextBlock[] {
  const line = lines[from];
  if (!line) return [];
  const block = blocks[line.block]!;
  const rest = blocks.slice(line.block + 1);
  if (line.kind === "heading" || line.start <= 0) return [{ ...block, gapBefore: 0 }, ...rest];
  const raw = block.text.slice(line.start);
  const text = raw.trimStart();
  const cut = line.start + (raw.length - text.length);
  return [
    { ...block, text, boldUntil: Math.max(0, block.boldUntil - cut), heading: block.heading ? `${block.heading} (continued)` : null, gapBefore: 0 },
    ...rest,
  ];
}

/** A cell's text: the lines to draw and, if it did not all fit, the rest for a continuation page. */
export interface CellText {
  lines: TextLine[];
  rest: TextBlock[] | null;
}

/**
 * Fits blocks into a cell's text area. When they overflow, the last line is kept free for a
 * "continued on page N" marker, and a heading is never left alone at the bottom.
 */
export function fitCellText(blocks: TextBlock[], area: { width: number; height: number }, style: TextStyle, m: TextMeasure): CellText {
  const lines = wrapBlocks(blocks, area.width, style, m);
  if (fitCount(lines, area.height, style.leading) >= lines.length) return { lines, rest: null };
  let k = fitCount(lines, area.height - style.leading, style.leading);
  while (k > 0 && lines[k - 1]!.kind !== "text") k--;
  return { lines: lines.slice(0, k), rest: remainderBlocks(blocks, lines, k) };
}

export type ContinuationItem = { kind: "heading"; text: string; y: number } | { kind: "line"; line: TextLine; y: number };

export interface ContinuationPlan {
  /** Items per continuation page, y at the top of each line box. */
  pages: ContinuationItem[][];
  /** For each input, the index (within `pages`) of the page its continuation starts on. */
  startPage: number[];
}

/**
 * Lays out the overflow of several panels one after another at full width, across as many pages
 * as it takes. A panel running onto a further page gets its heading repeated there.
 */
export function planContinuation(
  items: { heading: string; blocks: TextBlock[] }[],
  box: Rect,
  m: TextMeasure,
  style: TextStyle = CONTINUATION_TEXT,
): ContinuationPlan {
  const pages: ContinuationItem[][] = [];
  const startPage: number[] = [];
  const bottom = box.y + box.height;
  let page: ContinuationItem[] | null = null;
  let y = box.y;
  const newPage = () => {
    page = [];
    pages.push(page);
    y = box.y;
    return page;
  };
  for (const item of items) {
    const lines = wrapBlocks(item.blocks, box.width, style, m);
    const first = lines[0];
    const need = CONTINUATION_HEADING.height + (first ? style.leading : 0);
    let current: ContinuationItem[] = page ?? newPage();
    if (current.length && y + CONTINUATION_HEADING.gapBefore + need > bottom) current = newPage();
    if (current.length) y += CONTINUATION_HEADING.gapBefore;
    startPage.push(pages.length - 1);
    current.push({ kind: "heading", text: item.heading, y });
    y += CONTINUATION_HEADING.height;
    let atTop = true;
    for (const line of lines) {
      const gap = atTop ? 0 : line.gapBefore;
      if (y + gap + style.leading > bottom) {
        current = newPage();
        current.push({ kind: "heading", text: item.heading, y });
        y += CONTINUATION_HEADING.height;
        atTop = true;
        // A blank line at the top of a page says nothing.
        if (line.kind === "blank") continue;
      }
      y += atTop ? 0 : line.gapBefore;
      current.push({ kind: "line", line, y });
      y += style.leading;
      atTop = false;
    }
  }
  return { pages, startPage };
}

// ---------------------------------------------------------------------------------------------
// Characters the font cannot draw, and right-to-left runs

export const MISSING_GLYPH = "\u25A1"; // □

/** Invisible code points: formatting marks, variation selectors, bidi controls, tags. */
const IGNORABLE = /^[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B\u200E\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]$/u;
/** Joiners matter for Arabic shaping and emoji: kept when the font has them. */
const JOINERS = /^[\u200C\u200D]$/u;

/**
 * Makes text drawable with a font: newlines normalised to "\n", tabs to spaces, control and
 * invisible formatting characters dropped, and every character (grapheme) the font has no glyph
 * for replaced with `fallback`, so CJK or rare emoji print as "□" instead of breaking the export.
 */
export function makeSanitizer(hasGlyph: (codePoint: number) => boolean, fallback = MISSING_GLYPH): (text: string) => string {
  const cache = new Map<string, string>();
  const grapheme = (g: string): string => {
    const hit = cache.get(g);
    if (hit !== undefined) return hit;
    let out = "";
    let missing = false;
    for (const ch of g) {
      const cp = ch.codePointAt(0)!;
      if (IGNORABLE.test(ch)) continue;
      if (JOINERS.test(ch)) {
        if (hasGlyph(cp)) out += ch;
        continue;
      }
      if (!hasGlyph(cp)) missing = true;
      else out += ch;
    }
    const result = missing ? fallback : out;
    if (cache.size < 10_000) cache.set(g, result);
    return result;
  };
  const asciiDrawable = [..."AZaz09 .,"].every((c) => hasGlyph(c.codePointAt(0)!));
  return (text: string) => {
    const normalised = text
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
      .replace(/\t/g, " ")
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, "");
    // Printable ASCII is always in a text font: skip segmentation for the common case.
    if (asciiDrawable && /^[\n\u0020-\u007E]*$/.test(normalised)) return normalised;
    return graphemes(normalised)
      .map((g) => (g === "\n" ? g : grapheme(g)))
      .join("");
  };
}

const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const NUMBER_CHAR = /[0-9\u0660-\u0669\u06F0-\u06F9]/u;
const LETTER = /[\p{L}]/u;
const MARK = /[\p{M}]/u;

export function hasRtl(text: string): boolean {
  return RTL_CHAR.test(text);
}

/** A directional run, its text in logical (typed) order. */
export interface BidiRun {
  text: string;
  rtl: boolean;
}

/**
 * A simplified Unicode bidirectional algorithm for one line: the base direction comes from the
 * first strong character, Hebrew/Arabic runs read right to left, numbers stay left to right,
 * neutrals take the direction of their surroundings. Returns runs in visual order (left to
 * right); an `rtl` run's characters must still be drawn reversed (font shaping does that for
 * Arabic and Hebrew). No explicit embeddings or bracket pairing.
 */
export function visualRuns(text: string): BidiRun[] {
  if (!hasRtl(text)) return text ? [{ text, rtl: false }] : [];
  const chars = Array.from(text);
  type Cls = "L" | "R" | "EN" | "N" | "M";
  const cls: Cls[] = chars.map((c) => (RTL_CHAR.test(c) ? "R" : NUMBER_CHAR.test(c) ? "EN" : LETTER.test(c) ? "L" : MARK.test(c) ? "M" : "N"));
  const firstStrong = cls.find((c) => c === "L" || c === "R");
  const base = firstStrong === "R" ? 1 : 0;
  // Direction of each strong character or number, for the neutrals between them.
  const dirs: ("L" | "R" | null)[] = [];
  let prevStrong: "L" | "R" | null = null;
  for (const c of cls) {
    if (c === "L" || c === "R") prevStrong = c;
    dirs.push(c === "L" || c === "R" ? c : c === "EN" ? (prevStrong === "L" || (prevStrong === null && base === 0) ? "L" : "R") : null);
  }
  const levels: number[] = new Array<number>(chars.length).fill(base);
  prevStrong = null;
  for (let i = 0; i < chars.length; i++) {
    const c = cls[i]!;
    if (c === "L") levels[i] = base === 0 ? 0 : 2;
    else if (c === "R") levels[i] = 1;
    else if (c === "EN") levels[i] = prevStrong === "R" || base === 1 ? 2 : 0;
    else if (c === "M") levels[i] = i > 0 ? levels[i - 1]! : base;
    if (c === "L" || c === "R") prevStrong = c;
  }
  // Neutrals: the surrounding direction when both sides agree, else the base direction.
  for (let i = 0; i < chars.length; i++) {
    if (cls[i] !== "N") continue;
    let j = i;
    while (j < chars.length && cls[j] === "N") j++;
    let before: "L" | "R" = base ? "R" : "L";
    for (let k = i - 1; k >= 0; k--) {
      const d = dirs[k];
      if (d) {
        before = d;
        break;
      }
    }
    let after: "L" | "R" = base ? "R" : "L";
    for (let k = j; k < chars.length; k++) {
      const d = dirs[k];
      if (d) {
        after = d;
        break;
      }
    }
    const level = before === after ? (before === "R" ? 1 : base === 0 ? 0 : 2) : base;
    for (let k = i; k < j; k++) {
      levels[k] = level;
      // Marks after a neutral follow it.
      if (cls[k + 1] === "M") levels[k + 1] = level;
    }
    i = j - 1;
  }
  // Runs of equal level in logical order, then rule L2 on whole runs.
  const runs: { text: string; level: number }[] = [];
  chars.forEach((ch, i) => {
    const last = runs[runs.length - 1];
    if (last && last.level === levels[i]) last.text += ch;
    else runs.push({ text: ch, level: levels[i]! });
  });
  const max = Math.max(...runs.map((r) => r.level));
  for (let lvl = max; lvl >= 1; lvl--) {
    for (let i = 0; i < runs.length; i++) {
      if (runs[i]!.level < lvl) continue;
      let j = i;
      while (j < runs.length && runs[j]!.level >= lvl) j++;
      const reversed = runs.slice(i, j).reverse();
      runs.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return runs.map((r) => ({ text: r.text, rtl: r.level % 2 === 1 }));
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
