import { CONTINUATION_HEADING, CONTINUATION_TEXT, type Rect, type TextStyle } from "./pdf-layout";

/**
 * Text layout for the storyboard PDF: words wrapped into lines by measured width, what fits in a
 * panel's cell, and where the rest goes on "(continued)" pages. Free of pdf-lib, like
 * `pdf-layout.ts`, with the same coordinates (points, origin top-left, y downwards).
 */

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
