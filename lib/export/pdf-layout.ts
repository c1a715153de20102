/**
 * Page geometry for the storyboard PDF (text layout is in `pdf-text.ts`), free of pdf-lib so it
 * can be reasoned about (and tested) on its own. All coordinates here are in PDF points with the
 * origin at the top-left corner of the page and y growing downwards; `pdf.ts` flips them when
 * drawing.
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

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
