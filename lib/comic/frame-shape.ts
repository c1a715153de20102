import { LIMITS } from "../fal/schema";
import { aspectMismatch } from "./framing";

/** Past this, the frame hides a noticeable part of the image (or the image leaves much of the frame to a zoom). */
export const ASPECT_WARNING = 1.15;
const LONG_SIDE = 1536;
const STEP = 8;

/** A custom image size with the frame's shape, within what the endpoint accepts (each side 256–2048 px). */
export function imageSizeForFrame(frame: { width: number; height: number }): { width: number; height: number } {
  const { min, max } = LIMITS.customSide;
  const aspect = frame.width / frame.height;
  const side = (value: number) => Math.min(max, Math.max(min, Math.round(value / STEP) * STEP));
  return aspect >= 1 ? { width: side(LONG_SIDE), height: side(LONG_SIDE / aspect) } : { width: side(LONG_SIDE * aspect), height: side(LONG_SIDE) };
}

/** What the warning says when a frame asks for another shape than its image, or null when they are close enough. */
export function aspectWarning(frame: { width: number; height: number }, image: { width: number; height: number }): string | null {
  if (aspectMismatch(frame, image) <= ASPECT_WARNING) return null;
  return frame.width / frame.height < image.width / image.height
    ? "This frame is taller than the image: part is hidden"
    : "This frame is wider than the image: part is hidden";
}
