import type { ComicLetter, Framing, ReadingDirection } from "./comic-schema";

/**
 * The comic resolved for drawing: what the Pages view, read mode and every export (PDF, CBZ,
 * webtoon) draw from, so they all agree. Units are PDF points (1/72 in), origin at the trim box's
 * top-left corner, y downwards; the bleed lies outside the trim box.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ResolvedFrame {
  /** Position in reading order on its page, from 0 (left to right, or right to left for manga). */
  readingIndex: number;
  rect: Rect;
  /** Null for a frame left empty (the last page's template has more frames than panels left). */
  panelId: string | null;
  framing: Framing;
}

export interface ResolvedPage {
  id: string;
  /** From 1. */
  number: number;
  templateId: string;
  frames: ResolvedFrame[];
  /** Letters of this page's panels, in reading order (frame order, then top to bottom within a frame). */
  letters: ResolvedLetter[];
}

export interface ResolvedLetter extends ComicLetter {
  /** The words to draw (the dialogue line's for a speech letter tied to one). */
  displayText: string;
  /** The speaker's name for a tied speech letter, or null. */
  speaker: string | null;
  /** 1-based number in the page's reading order, as a letterer numbers balloons. */
  number: number;
}

export interface ResolvedComic {
  trim: { width: number; height: number };
  bleed: number;
  margin: number;
  gutter: number;
  border: number;
  readingDirection: ReadingDirection;
  pages: ResolvedPage[];
}
