import "client-only";
import type { AcceptedImageType } from "../fal/schema";
import { orientedSize, readImageHeader } from "./dimensions";
import { IngestError, refusalForKind } from "./ingest-errors";
import { isTruncated } from "./integrity";
import { isAcceptedImageType, sniffImageType } from "./sniff";

/**
 * Turns whatever a person drops, pastes or picks into a character reference the endpoint
 * accepts: checked by its bytes, upright, no larger than needed, plus a thumbnail for the cast
 * list. Browser only: it relies on createImageBitmap and OffscreenCanvas.
 */

export { IngestError, isIngestError } from "./ingest-errors";

/** Decoding needs about 4 bytes a pixel; beyond this a phone tab may be killed outright. */
export const MAX_SOURCE_MEGAPIXELS = 100;
export const MAX_SOURCE_BYTES = 200 * 1000 * 1000;
export const DEFAULT_MAX_LONG_EDGE = 2048;
export const DEFAULT_THUMBNAIL_LONG_EDGE = 320;
/** A reference and its mask share 10 MB on the endpoint; a transparent PNG larger than this becomes WebP. */
export const MAX_PNG_OUTPUT_BYTES = 6 * 1000 * 1000;
const THUMBNAIL_QUALITY = 0.85;

export interface NormalizeOptions {
  maxLongEdge?: number;
  thumbnailLongEdge?: number;
}

export interface NormalizedImage {
  blob: Blob;
  type: AcceptedImageType;
  width: number;
  height: number;
  thumbnail: Blob;
  thumbnailWidth: number;
  thumbnailHeight: number;
  hasAlpha: boolean;
  sourceType: AcceptedImageType;
  /** The source's size as displayed, i.e. after its EXIF orientation. */
  sourceWidth: number;
  sourceHeight: number;
}

/** The size that fits `longEdge`, keeping the aspect ratio and never enlarging. */
export function fitWithin(width: number, height: number, longEdge: number): { width: number; height: number } {
  const scale = Math.min(1, longEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function decode(blob: Blob, width: number, height: number, target: { width: number; height: number }, fileName?: string) {
  const resize =
    target.width === width && target.height === height
      ? {}
      : { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: "high" as const };
  try {
    return await createImageBitmap(blob, { imageOrientation: "from-image", ...resize });
  } catch (cause) {
    throw new IngestError("decode_failed", fileName, {}, { cause });
  }
}

/** Draws the bitmap onto a canvas of its size and releases the bitmap's memory, whatever happens. */
function drawOnCanvas(bitmap: ImageBitmap, alpha: boolean) {
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d", { alpha });
    if (!context) throw new Error("2D canvas unavailable");
    context.drawImage(bitmap, 0, 0);
    return { canvas, context };
  } finally {
    bitmap.close();
  }
}

function hasTransparentPixel(context: OffscreenCanvasRenderingContext2D, width: number, height: number): boolean {
  const { data } = context.getImageData(0, 0, width, height);
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return true;
  return false;
}

/** Lossy encodes step down in quality until the reference leaves room for its mask under 10 MB. */
const LOSSY_QUALITIES = [0.92, 0.85, 0.75, 0.6];

async function encodeLossy(canvas: OffscreenCanvas, type: "image/jpeg" | "image/webp"): Promise<Blob> {
  let blob: Blob | undefined;
  for (const quality of LOSSY_QUALITIES) {
    blob = await canvas.convertToBlob({ type, quality });
    if (blob.size <= MAX_PNG_OUTPUT_BYTES) break;
  }
  return blob!;
}

async function encodeReference(canvas: OffscreenCanvas, hasAlpha: boolean): Promise<{ blob: Blob; type: AcceptedImageType }> {
  if (!hasAlpha) return { blob: await encodeLossy(canvas, "image/jpeg"), type: "image/jpeg" };
  const png = await canvas.convertToBlob({ type: "image/png" });
  if (png.size <= MAX_PNG_OUTPUT_BYTES) return { blob: png, type: "image/png" };
  const webp = await encodeLossy(canvas, "image/webp");
  // A browser without a WebP encoder silently hands back PNG; the endpoint's own limit then decides.
  return webp.type === "image/webp" ? { blob: webp, type: "image/webp" } : { blob: png, type: "image/png" };
}

async function makeThumbnail(source: OffscreenCanvas | ImageBitmap, hasAlpha: boolean, longEdge: number) {
  const size = fitWithin(source.width, source.height, longEdge);
  const bitmap = await createImageBitmap(source, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: "high" });
  try {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("2D canvas unavailable");
    context.drawImage(bitmap, 0, 0);
    const webp = await canvas.convertToBlob({ type: "image/webp", quality: THUMBNAIL_QUALITY });
    if (webp.type === "image/webp") return { blob: webp, ...size };
    // JPEG has no alpha and would turn transparent areas black; white reads as "nothing there".
    if (hasAlpha) {
      context.globalCompositeOperation = "destination-over";
      context.fillStyle = "#fff";
      context.fillRect(0, 0, size.width, size.height);
    }
    return { blob: await canvas.convertToBlob({ type: "image/jpeg", quality: THUMBNAIL_QUALITY }), ...size };
  } finally {
    bitmap.close();
  }
}

/** A small preview of an image already accepted (a generated panel, say), for lists and grids. */
export async function thumbnailOf(blob: Blob, longEdge = DEFAULT_THUMBNAIL_LONG_EDGE): Promise<{ blob: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(blob);
  try {
    return await makeThumbnail(bitmap, true, longEdge);
  } finally {
    bitmap.close();
  }
}

export async function normalizeImage(file: Blob & { name?: string }, options: NormalizeOptions = {}): Promise<NormalizedImage> {
  const maxLongEdge = options.maxLongEdge ?? DEFAULT_MAX_LONG_EDGE;
  const thumbnailLongEdge = options.thumbnailLongEdge ?? DEFAULT_THUMBNAIL_LONG_EDGE;
  const name = file.name || undefined;

  if (file.size === 0) throw new IngestError("empty", name);
  if (file.size > MAX_SOURCE_BYTES) throw new IngestError("too_large_bytes", name, { bytes: file.size, maxBytes: MAX_SOURCE_BYTES });

  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length === 0) throw new IngestError("empty", name);
  const kind = sniffImageType(bytes);
  const refusal = refusalForKind(kind);
  if (refusal || !isAcceptedImageType(kind)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    throw new IngestError(refusal ?? "not_an_image", name, refusal === "heic" ? { brand } : {});
  }

  const header = readImageHeader(bytes);
  // Without a readable header there is nothing to decode: either the file stops early or it is damaged.
  if (!header) throw new IngestError(isTruncated(kind, bytes) ? "truncated" : "decode_failed", name);
  if (header.width * header.height > MAX_SOURCE_MEGAPIXELS * 1e6) {
    throw new IngestError("too_many_pixels", name, { ...orientedSize(header), maxMegapixels: MAX_SOURCE_MEGAPIXELS });
  }
  if (isTruncated(kind, bytes)) throw new IngestError("truncated", name);

  const source = orientedSize(header);
  const target = fitWithin(source.width, source.height, maxLongEdge);
  // Decode from the bytes already read: a File changed on disk meanwhile would fail to re-read.
  const bitmap = await decode(new Blob([bytes], { type: kind }), source.width, source.height, target, name);
  const { canvas, context } = drawOnCanvas(bitmap, kind !== "image/jpeg");

  const hasAlpha = kind !== "image/jpeg" && hasTransparentPixel(context, canvas.width, canvas.height);
  const reference = await encodeReference(canvas, hasAlpha);
  const thumbnail = await makeThumbnail(canvas, hasAlpha, thumbnailLongEdge);
  return {
    blob: reference.blob,
    type: reference.type,
    width: canvas.width,
    height: canvas.height,
    thumbnail: thumbnail.blob,
    thumbnailWidth: thumbnail.width,
    thumbnailHeight: thumbnail.height,
    hasAlpha,
    sourceType: kind,
    sourceWidth: source.width,
    sourceHeight: source.height,
  };
}
