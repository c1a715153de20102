import type { CameraMove, FrameRect } from "../state/animatic-schema";
import { moveEnds } from "./timeline";

/**
 * Editing a camera move's start and end frames: pure geometry on rectangles given as fractions of
 * the panel's image. Every result stays inside the image, keeps the image's own shape (width and
 * height are the same fraction, so the view is never stretched) and is never smaller than
 * MIN_FRAME, so the move cannot zoom into a few pixels.
 */
export const MIN_FRAME = 0.1;
/** How far one arrow key press moves or resizes a frame; with Alt held, a tenth of it. */
export const NUDGE = 0.02;

export type Corner = "nw" | "ne" | "sw" | "se";
export interface Point {
  x: number;
  y: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Fractions that came through arithmetic are rounded, so saved frames read cleanly and compare equal. */
const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** The same rectangle, made square in fractions (the image's shape), at least MIN_FRAME and inside the image. */
export function clampRect(rect: FrameRect): FrameRect {
  const size = round(clamp(Math.max(rect.width, rect.height), MIN_FRAME, 1));
  return { x: round(clamp(rect.x, 0, 1 - size)), y: round(clamp(rect.y, 0, 1 - size)), width: size, height: size };
}

/** Moved by (dx, dy), stopping at the image's edges without changing size. */
export function moveRect(rect: FrameRect, dx: number, dy: number): FrameRect {
  return clampRect({ ...rect, x: rect.x + dx, y: rect.y + dy });
}

/** The corner opposite the one being dragged stays put. */
function anchorOf(rect: FrameRect, corner: Corner): Point {
  return { x: corner.includes("w") ? rect.x + rect.width : rect.x, y: corner.includes("n") ? rect.y + rect.height : rect.y };
}

/**
 * A square (in fractions) with one corner at `anchor`, reaching towards `to` as far as the larger
 * of the two distances, but no further than the image allows in that direction.
 */
export function rectFromCorner(anchor: Point, to: Point): FrameRect {
  const right = to.x >= anchor.x;
  const down = to.y >= anchor.y;
  const room = Math.min(right ? 1 - anchor.x : anchor.x, down ? 1 - anchor.y : anchor.y);
  const wanted = Math.max(Math.abs(to.x - anchor.x), Math.abs(to.y - anchor.y));
  // Drawn from a point too close to an edge for the smallest frame: it grows the other way instead.
  const size = clamp(wanted, MIN_FRAME, Math.max(room, MIN_FRAME));
  const x = right ? anchor.x : anchor.x - size;
  const y = down ? anchor.y : anchor.y - size;
  return clampRect({ x, y, width: size, height: size });
}

/** Resized by dragging `corner` to the point `to`, the opposite corner fixed. */
export function resizeRect(rect: FrameRect, corner: Corner, to: Point): FrameRect {
  return rectFromCorner(anchorOf(rect, corner), to);
}

/** Grown (or, with a negative delta, shrunk) about its centre, then kept inside the image. */
export function scaleRect(rect: FrameRect, delta: number): FrameRect {
  const size = clamp(rect.width + delta, MIN_FRAME, 1);
  const cx = rect.x + rect.width / 2;
  const cy = rect.y + rect.height / 2;
  return clampRect({ x: cx - size / 2, y: cy - size / 2, width: size, height: size });
}

/**
 * What an arrow key does to the selected frame: move it, or with Shift resize it (→ and ↓ grow,
 * ← and ↑ shrink). Null for any other key.
 */
export function nudgeRect(rect: FrameRect, key: string, { shift = false, fine = false } = {}): FrameRect | null {
  const step = fine ? NUDGE / 10 : NUDGE;
  const direction = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
  if (!direction) return null;
  const [dx, dy] = direction as [number, number];
  if (shift) return scaleRect(rect, (dx + dy > 0 ? 1 : -1) * step);
  return moveRect(rect, dx * step, dy * step);
}

export const sameRect = (a: FrameRect, b: FrameRect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * The frames a custom move starts from when the user switches to it: the move they had (so a
 * push-in becomes an editable push-in), or, from no move, the whole image easing into its centre.
 */
export function customFramesFrom(move: CameraMove): { from: FrameRect; to: FrameRect } {
  const [from, to] = moveEnds(move.kind === "none" ? { kind: "push-in" } : move);
  return { from: clampRect(from), to: clampRect(to) };
}
