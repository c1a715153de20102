import "client-only";
import type { BinaryMask, RgbaImage } from "./auto/types";
import { encodeMaskPng } from "./export";

/** The pixels of an image at its own size, as the automatic tools read them. */
export function readImagePixels(image: CanvasImageSource, width: number, height: number): RgbaImage {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new Error("This browser cannot create a 2D canvas to read the reference");
  ctx.drawImage(image, 0, 0, width, height);
  return { width, height, data: ctx.getImageData(0, 0, width, height).data };
}

/** A binary mask as the grayscale PNG a character keeps, in the canonical polarity. */
export function binaryMaskPng(mask: BinaryMask): Blob {
  const rgba = new Uint8ClampedArray(mask.width * mask.height * 4);
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i] === 1) rgba.fill(255, i * 4, i * 4 + 4);
  return new Blob([encodeMaskPng(rgba, mask.width, mask.height)], { type: "image/png" });
}
