import type { AcceptedImageType } from "../fal/schema";
import { sniffImageType } from "./sniff";

/**
 * Pixel dimensions read from an image's header bytes, so an oversized file can be refused
 * before the browser spends memory decoding it. Pure byte parsing: runs in the browser and in Node.
 */
export interface ImageHeader {
  type: AcceptedImageType;
  /** As stored, before any EXIF orientation is applied. */
  width: number;
  height: number;
  /**
   * EXIF orientation 1–8 as Chromium applies it with `imageOrientation: "from-image"` (JPEG APP1,
   * PNG eXIf); 1 when absent. 5–8 mean the image displays with width and height swapped.
   */
  orientation: number;
}

export interface JpegSegment {
  marker: number;
  /** Offset of the 0xFF that starts the marker. */
  offset: number;
  /** Offset of the segment's payload (just after its two length bytes). */
  dataStart: number;
  /** Payload length, excluding the two length bytes. */
  dataLength: number;
}

const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const le16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const be32 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const le24 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const ascii = (b: Uint8Array, start: number, length: number) =>
  start + length <= b.length ? String.fromCharCode(...b.subarray(start, start + length)) : "";

/** Markers that stand alone, without a length: TEM, RST0–7, SOI. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

/**
 * Walks a JPEG's marker segments from SOI up to and including the first SOS (after which the
 * entropy-coded data starts and lengths no longer describe the file). Stops quietly on bad data.
 */
export function* jpegSegments(bytes: Uint8Array): Generator<JpegSegment> {
  let i = 2;
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) return;
    // Any number of 0xFF fill bytes may precede a marker.
    while (i + 1 < bytes.length && bytes[i + 1] === 0xff) i++;
    const marker = bytes[i + 1];
    if (marker === undefined) return;
    if (isStandalone(marker)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || i + 3 >= bytes.length) return;
    const length = be16(bytes, i + 2);
    if (length < 2) return;
    yield { marker, offset: i, dataStart: i + 4, dataLength: length - 2 };
    if (marker === 0xda) return;
    i += 2 + length;
  }
}

/** SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Reads the Orientation tag (0x0112) from IFD0 of a TIFF structure, as found in EXIF. */
export function readTiffOrientation(tiff: Uint8Array): number {
  if (tiff.length < 8) return 1;
  const order = ascii(tiff, 0, 2);
  if (order !== "II" && order !== "MM") return 1;
  const u16 = (i: number) => (order === "II" ? le16(tiff, i) : be16(tiff, i));
  const u32 = (i: number) => (order === "II" ? (u16(i) | (u16(i + 2) << 16)) >>> 0 : ((u16(i) << 16) | u16(i + 2)) >>> 0);
  if (u16(2) !== 42) return 1;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const count = u16(ifd);
  for (let n = 0; n < count; n++) {
    const entry = ifd + 2 + n * 12;
    if (entry + 12 > tiff.length) return 1;
    // Type 3 is SHORT: its value sits left-aligned in the 4-byte value field.
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

const EXIF_PREFIX = "Exif\0\0";

function readJpeg(bytes: Uint8Array): ImageHeader | null {
  let orientation = 1;
  for (const segment of jpegSegments(bytes)) {
    const { marker, dataStart, dataLength } = segment;
    if (marker === 0xe1 && orientation === 1 && ascii(bytes, dataStart, 6) === EXIF_PREFIX) {
      const end = Math.min(bytes.length, dataStart + dataLength);
      orientation = readTiffOrientation(bytes.subarray(dataStart + 6, end));
    } else if (isStartOfFrame(marker)) {
      if (dataStart + 5 > bytes.length) return null;
      const height = be16(bytes, dataStart + 1);
      const width = be16(bytes, dataStart + 3);
      // Height 0 means "defined later by DNL": too rare in the wild to be worth supporting.
      return width > 0 && height > 0 ? { type: "image/jpeg", width, height, orientation } : null;
    }
  }
  return null;
}

/** PNG's eXIf chunk (PNG 1.5) may rotate the image too, and Chromium honours it when it precedes IDAT. */
function readPngOrientation(bytes: Uint8Array): number {
  let i = 8;
  while (i + 8 <= bytes.length) {
    const length = be32(bytes, i);
    const type = ascii(bytes, i + 4, 4);
    if (type === "IDAT" || type === "IEND") return 1;
    if (type === "eXIf") return readTiffOrientation(bytes.subarray(i + 8, Math.min(bytes.length, i + 8 + length)));
    i += 12 + length;
  }
  return 1;
}

function readPng(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== "IHDR") return null;
  const width = be32(bytes, 16);
  const height = be32(bytes, 20);
  return width > 0 && height > 0 ? { type: "image/png", width, height, orientation: readPngOrientation(bytes) } : null;
}

function readWebp(bytes: Uint8Array): ImageHeader | null {
  const chunk = ascii(bytes, 12, 4);
  const d = 20;
  let width = 0;
  let height = 0;
  if (chunk === "VP8 " && bytes.length >= d + 10) {
    // A 3-byte frame tag, then the key frame start code 9D 01 2A, then 14-bit sizes.
    if (bytes[d + 3] !== 0x9d || bytes[d + 4] !== 0x01 || bytes[d + 5] !== 0x2a) return null;
    width = le16(bytes, d + 6) & 0x3fff;
    height = le16(bytes, d + 8) & 0x3fff;
  } else if (chunk === "VP8L" && bytes.length >= d + 5) {
    if (bytes[d] !== 0x2f) return null;
    const bits = (bytes[d + 1]! | (bytes[d + 2]! << 8) | (bytes[d + 3]! << 16) | (bytes[d + 4]! << 24)) >>> 0;
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (chunk === "VP8X" && bytes.length >= d + 10) {
    width = le24(bytes, d + 4) + 1;
    height = le24(bytes, d + 7) + 1;
  } else {
    return null;
  }
  // WebP may carry EXIF too, but Chromium draws WebP as stored, so its orientation must not
  // swap the size the decoder is asked for.
  return width > 0 && height > 0 ? { type: "image/webp", width, height, orientation: 1 } : null;
}

/** The header of a JPEG, PNG or WebP file, or null when the bytes are none of these or too short to tell. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  switch (sniffImageType(bytes)) {
    case "image/jpeg":
      return readJpeg(bytes);
    case "image/png":
      return readPng(bytes);
    case "image/webp":
      return readWebp(bytes);
    default:
      return null;
  }
}

/** The size the image displays at once its EXIF orientation is applied. */
export function orientedSize(header: Pick<ImageHeader, "width" | "height" | "orientation">): { width: number; height: number } {
  return header.orientation >= 5 ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
}
