import type { Box } from "../mask/history";

/**
 * The pure geometry of sketching: how wide a pencil mark is at a given pressure, what straight
 * line Shift makes, and which pixels a segment can touch. DOM-free, so it is unit tested in Node.
 */
export type SketchTool = "pencil" | "eraser" | "line";

/** x, y in image pixels; pressure 0..1 as the pointer reports it. */
export interface SketchPoint {
  x: number;
  y: number;
  pressure: number;
}

/** Four greys from near-black to light grey: enough to block values without inviting rendering. */
export const SKETCH_GREYS = [
  { value: "#1c1c1c", label: "Near black" },
  { value: "#555555", label: "Dark grey" },
  { value: "#8c8c8c", label: "Mid grey" },
  { value: "#c6c6c6", label: "Light grey" },
] as const;

/** The eraser paints the paper colour: a sketch is an opaque PNG on white. */
export const PAPER = "#ffffff";

export const BRUSH = { min: 1, max: 60, default: 6 } as const;

/** What a mouse reports while a button is down (Pointer Events), and so the width a mouse draws at `size`. */
export const NEUTRAL_PRESSURE = 0.5;

export function clampBrush(size: number): number {
  return Math.min(BRUSH.max, Math.max(BRUSH.min, Math.round(size)));
}

/**
 * The pressure a pointer event stands for. Only a pen measures it; a mouse reports 0.5 while
 * pressed, and touch screens report 0 or 1 whatever the finger does, so both draw at the neutral width.
 */
export function eventPressure(pointerType: string, pressure: number): number {
  if (pointerType !== "pen") return NEUTRAL_PRESSURE;
  return Number.isFinite(pressure) ? Math.min(1, Math.max(0.05, pressure)) : NEUTRAL_PRESSURE;
}

/**
 * Line width for a brush size at a pressure: `size` at the neutral 0.5, thinning to a fifth of it
 * at the lightest touch and swelling to 1.8× when pressed hard, as a soft pencil does.
 */
export function pressureWidth(size: number, pressure: number): number {
  const p = Number.isFinite(pressure) ? Math.min(1, Math.max(0, pressure)) : NEUTRAL_PRESSURE;
  return Math.max(0.5, size * (0.2 + 1.6 * p));
}

/** A segment's width: the mean pressure of its ends, so a stroke's width changes smoothly. */
export function segmentWidth(size: number, from: SketchPoint, to: SketchPoint): number {
  return pressureWidth(size, (from.pressure + to.pressure) / 2);
}

/**
 * The end of a straight line. A nearly level or plumb line snaps exactly level or plumb (horizons
 * and verticals are what a storyboard artist rules most), within `snapDegrees`.
 */
export function straightEnd(start: SketchPoint, end: SketchPoint, snapDegrees = 4): SketchPoint {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  if (dx === 0 && dy === 0) return end;
  const angle = (Math.atan2(Math.abs(dy), Math.abs(dx)) * 180) / Math.PI;
  if (angle <= snapDegrees) return { ...end, y: start.y };
  if (angle >= 90 - snapDegrees) return { ...end, x: start.x };
  return end;
}

/** Whole pixels a segment of this width can change, antialiasing included, clamped to the image. */
export function segmentBox(from: SketchPoint, to: SketchPoint, width: number, imageWidth: number, imageHeight: number): Box {
  const pad = width / 2 + 2;
  return {
    x0: Math.max(0, Math.floor(Math.min(from.x, to.x) - pad)),
    y0: Math.max(0, Math.floor(Math.min(from.y, to.y) - pad)),
    x1: Math.min(imageWidth, Math.ceil(Math.max(from.x, to.x) + pad)),
    y1: Math.min(imageHeight, Math.ceil(Math.max(from.y, to.y) + pad)),
  };
}

/** A client position on a canvas shown at `box` (CSS pixels), in the image's own pixels. */
export function toImagePoint(
  clientX: number,
  clientY: number,
  box: { left: number; top: number; width: number; height: number },
  imageWidth: number,
  imageHeight: number,
): { x: number; y: number } {
  return { x: ((clientX - box.left) * imageWidth) / Math.max(1, box.width), y: ((clientY - box.top) * imageHeight) / Math.max(1, box.height) };
}
