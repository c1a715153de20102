"use client";
import "client-only";
import { thumbnailOf } from "../images/ingest";
import { isAcceptedImageType, sniffImageType } from "../images/sniff";
import type { ImageRef } from "../state/schema";
import { putBlob } from "../storage/blob-store";

/** Downloads a generated image and stores it with its board thumbnail, as a take's image. */
export async function keepImage(url: string): Promise<{ image: ImageRef; thumbnail: ImageRef }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`A generated image could not be downloaded (HTTP ${response.status}). Retry.`);
  const blob = await response.blob();
  const type = sniffImageType(new Uint8Array(await blob.slice(0, 64).arrayBuffer()));
  if (!isAcceptedImageType(type)) throw new Error("A generated image was not a JPEG, PNG or WebP file.");
  const bitmap = await createImageBitmap(blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  const thumb = await thumbnailOf(blob, 480);
  const [imageId, thumbId] = await Promise.all([putBlob(new Blob([blob], { type })), putBlob(thumb.blob)]);
  return {
    image: { blobId: imageId, type, ...size, bytes: blob.size },
    thumbnail: { blobId: thumbId, type: thumb.blob.type === "image/webp" ? "image/webp" : "image/jpeg", width: thumb.width, height: thumb.height, bytes: thumb.blob.size },
  };
}
