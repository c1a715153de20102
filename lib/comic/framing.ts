import type { Framing } from "./comic-schema";
import type { Rect } from "./comic-types";

/**
 * Where a panel's image is drawn so that it fills its frame: scaled to cover the frame at zoom 1,
 * `zoom` times that beyond, with the framing's image point at the frame's centre, then held so the
 * image always covers the frame (no empty strip). The frame clips it; the image is never cropped.
 */
export function imagePlacement(frame: Rect, image: { width: number; height: number }, framing: Framing): Rect {
  const cover = Math.max(frame.width / image.width, frame.height / image.height);
  const width = image.width * cover * framing.zoom;
  const height = image.height * cover * framing.zoom;
  const x = clamp(frame.x + frame.width / 2 - framing.cx * width, frame.x + frame.width - width, frame.x);
  const y = clamp(frame.y + frame.height / 2 - framing.cy * height, frame.y + frame.height - height, frame.y);
  return { x, y, width, height };
}

/** The framing that shows the image point under (x, y) of the frame at its centre: the inverse of a pan. */
export function framingCentredAt(frame: Rect, image: { width: number; height: number }, framing: Framing, dx: number, dy: number): Framing {
  const placed = imagePlacement(frame, image, framing);
  const cx = (frame.x + frame.width / 2 - placed.x - dx) / placed.width;
  const cy = (frame.y + frame.height / 2 - placed.y - dy) / placed.height;
  return { zoom: framing.zoom, cx: clamp(cx, 0, 1), cy: clamp(cy, 0, 1) };
}

/** How far the frame's shape is from the image's, as the ratio of the wider to the narrower (1 = same shape). */
export function aspectMismatch(frame: { width: number; height: number }, image: { width: number; height: number }): number {
  const a = frame.width / frame.height;
  const b = image.width / image.height;
  return Math.max(a, b) / Math.min(a, b);
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
