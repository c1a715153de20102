"use client";
import "client-only";

/**
 * An image made smaller for a review, in the browser: WebP where the browser encodes it, else
 * JPEG. The same source and size give the same bytes, so its hash (and the upload it saves) holds.
 */
export async function shrinkImage(blob: Blob, size: { width: number; height: number }): Promise<Blob> {
  const bitmap = await createImageBitmap(blob, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: "high" });
  try {
    const canvas = new OffscreenCanvas(size.width, size.height);
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0);
    const webp = await canvas.convertToBlob({ type: "image/webp", quality: 0.9 });
    // Safari answers a WebP request with PNG: JPEG is far smaller for a frame.
    return webp.type === "image/webp" ? webp : await canvas.convertToBlob({ type: "image/jpeg", quality: 0.9 });
  } finally {
    bitmap.close();
  }
}
