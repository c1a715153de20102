import type { Rect, ResolvedComic, ResolvedFrame, ResolvedPage } from "../comic-types";
import { imagePlacement } from "../framing";

/**
 * Where things go on a printed comic page, free of pdf-lib so it can be tested on its own.
 * Coordinates are the contract's: points, origin at the trim box's top-left corner, y downwards.
 *
 * Decisions a printer would ask about:
 * - The sheet (MediaBox) is the trim plus the bleed on every side; with crop marks it grows by
 *   `CROP_SLUG_PT` more on every side so the marks sit outside the bleed, where they are cut off.
 * - Only a frame that touches the trim edge (a splash or full-bleed frame) runs into the bleed,
 *   on the sides that touch it; a frame whose edge lies on the margin stays where it is. A bled
 *   side has no border line: the image runs off the page there.
 */
export const CROP_SLUG_PT = 27;
/** Crop marks start this far outside the bleed and run this long (0.25 in). */
export const CROP_MARK = { offset: 3, length: 18, weight: 0.25 } as const;
/** An edge this close to the trim counts as touching it (resolvers round). */
const TOUCH_PT = 0.5;
/** Below this a frame has no room for a picture: the page cannot be printed as laid out. */
export const MIN_FRAME_PT = 18;
export const PRINT_DPI = 300;

export interface Sides {
  top: boolean;
  right: boolean;
  bottom: boolean;
  left: boolean;
}

export interface SheetGeometry {
  /** The whole sheet, in points. */
  width: number;
  height: number;
  /** Where the trim box's top-left corner lies on the sheet (slug + bleed). */
  offset: number;
  slug: number;
}

export function sheetGeometry(comic: Pick<ResolvedComic, "trim" | "bleed">, cropMarks: boolean): SheetGeometry {
  const slug = cropMarks ? CROP_SLUG_PT : 0;
  const offset = slug + comic.bleed;
  return { width: comic.trim.width + 2 * offset, height: comic.trim.height + 2 * offset, offset, slug };
}

/** Which sides of a frame touch the trim edge, and so run into the bleed. */
export function bledSides(frame: Rect, trim: { width: number; height: number }): Sides {
  return {
    top: frame.y <= TOUCH_PT,
    left: frame.x <= TOUCH_PT,
    bottom: frame.y + frame.height >= trim.height - TOUCH_PT,
    right: frame.x + frame.width >= trim.width - TOUCH_PT,
  };
}

/** The area a frame's picture fills: the frame, grown into the bleed on its bled sides. */
export function paintedRect(frame: Rect, comic: Pick<ResolvedComic, "trim" | "bleed">): Rect {
  const s = bledSides(frame, comic.trim);
  const b = comic.bleed;
  const x = s.left ? -b : frame.x;
  const y = s.top ? -b : frame.y;
  const right = s.right ? comic.trim.width + b : frame.x + frame.width;
  const bottom = s.bottom ? comic.trim.height + b : frame.y + frame.height;
  return { x, y, width: right - x, height: bottom - y };
}

/** The border as separate segments, leaving out the bled sides. */
export function borderSegments(frame: Rect, trim: { width: number; height: number }): [number, number, number, number][] {
  const s = bledSides(frame, trim);
  const { x, y, width: w, height: h } = frame;
  const out: [number, number, number, number][] = [];
  if (!s.top) out.push([x, y, x + w, y]);
  if (!s.right) out.push([x + w, y, x + w, y + h]);
  if (!s.bottom) out.push([x, y + h, x + w, y + h]);
  if (!s.left) out.push([x, y, x, y + h]);
  return out;
}

/** Crop marks as line segments in trim coordinates: two at each corner, outside the bleed, on the trim lines. */
export function cropMarkSegments(comic: Pick<ResolvedComic, "trim" | "bleed">): [number, number, number, number][] {
  const { width: W, height: H } = comic.trim;
  const near = comic.bleed + CROP_MARK.offset;
  const far = near + CROP_MARK.length;
  const out: [number, number, number, number][] = [];
  for (const x of [0, W]) {
    for (const y of [0, H]) {
      const sx = x === 0 ? -1 : 1;
      const sy = y === 0 ? -1 : 1;
      out.push([x + sx * near, y, x + sx * far, y]);
      out.push([x, y + sy * near, x, y + sy * far]);
    }
  }
  return out;
}

/** What an exporter knows of a panel's image before drawing it. */
export interface ImageSize {
  width: number;
  height: number;
}

/** Where the picture goes: placed over the painted area (so a bled frame's image covers its bleed too). */
export function framePlacement(frame: ResolvedFrame, image: ImageSize, comic: Pick<ResolvedComic, "trim" | "bleed">): Rect {
  return imagePlacement(paintedRect(frame.rect, comic), image, frame.framing);
}

/** Pixels per inch of the image as printed in its frame, at the framing's zoom. */
export function printedDpi(frame: ResolvedFrame, image: ImageSize, comic: Pick<ResolvedComic, "trim" | "bleed">): number {
  const placed = framePlacement(frame, image, comic);
  return image.width / (placed.width / 72);
}

export interface FrameRef {
  page: number;
  /** 1-based, in the page's reading order. */
  panel: number;
  panelId: string;
}

export const frameName = (r: FrameRef) => `Page ${r.page}, panel ${r.panel}`;

export function* filledFrames(pages: readonly ResolvedPage[]): Generator<{ page: ResolvedPage; frame: ResolvedFrame; ref: FrameRef }> {
  for (const page of pages) {
    for (const frame of [...page.frames].sort((a, b) => a.readingIndex - b.readingIndex)) {
      if (frame.panelId) yield { page, frame, ref: { page: page.number, panel: frame.readingIndex + 1, panelId: frame.panelId } };
    }
  }
}

/** Panels that would print below 300 dpi, with their printed resolution. */
export function lowResolutionFrames(comic: ResolvedComic, images: ReadonlyMap<string, ImageSize>): (FrameRef & { dpi: number })[] {
  const out: (FrameRef & { dpi: number })[] = [];
  for (const { frame, ref } of filledFrames(comic.pages)) {
    const image = images.get(ref.panelId);
    if (!image) continue;
    const dpi = Math.floor(printedDpi(frame, image, comic));
    if (dpi < PRINT_DPI) out.push({ ...ref, dpi });
  }
  return out;
}

/** Frames that show a panel without an image: printed as empty frames. */
export function framesWithoutImages(comic: ResolvedComic, images: ReadonlyMap<string, ImageSize>): FrameRef[] {
  return [...filledFrames(comic.pages)].filter(({ ref }) => !images.has(ref.panelId)).map(({ ref }) => ref);
}

/**
 * Why the comic cannot be exported as it stands, or null. Said so the user knows what to do; the
 * project is not touched.
 */
export function comicExportProblem(comic: ResolvedComic): string | null {
  if (comic.pages.length === 0) return "Lay out pages first: open the Pages view and choose “Lay out pages” to flow the board’s panels into pages.";
  const { width, height } = comic.trim;
  const room = Math.min(width, height) - 2 * comic.margin;
  if (room < MIN_FRAME_PT) return `The page is too small for its ${comic.margin} pt margins: nothing fits inside them. Lower the margin in the comic settings or choose a larger trim size.`;
  for (const page of comic.pages) {
    const cramped = page.frames.find((f) => !(f.rect.width >= MIN_FRAME_PT && f.rect.height >= MIN_FRAME_PT));
    if (cramped)
      return `Page ${page.number} cannot be printed: with ${comic.margin} pt margins and ${comic.gutter} pt gutters, frame ${cramped.readingIndex + 1} is narrower than ${MIN_FRAME_PT} pt. Lower the gutter or margin in the comic settings, or choose a template with fewer frames for that page.`;
  }
  return null;
}
