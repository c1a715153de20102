import type { AcceptedImageType } from "../fal/schema";
import { jpegSegments } from "./dimensions";

/**
 * Cheap structural checks for files cut short by an interrupted download or copy. Browsers
 * often decode such files "successfully", filling the missing part with grey, so decoding
 * alone does not catch them.
 */

/** Cameras and editors may append trailers (maker data, video) after the image; look this far back. */
const TRAILER_WINDOW = 1024 * 1024;

/** Index of the last occurrence of `needle` at or after `from`, or -1. */
function lastIndexOf(bytes: Uint8Array, needle: readonly number[], from: number): number {
  for (let i = bytes.length - needle.length; i >= from; i--) {
    let match = true;
    for (let j = 0; j < needle.length; j++) {
      if (bytes[i + j] !== needle[j]) {
        match = false;
        break;
      }
    }
    if (match) return i;
  }
  return -1;
}

/** Forward search for FF D9 from `from` to `to`, jumping between 0xFF bytes natively. */
function hasEoiBetween(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = bytes.indexOf(0xff, from); i >= 0 && i < to; i = bytes.indexOf(0xff, i + 1)) {
    if (bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

function jpegIsTruncated(bytes: Uint8Array): boolean {
  // An EXIF thumbnail carries its own EOI near the start, so only an EOI after the main
  // image's first scan counts.
  let scanStart = -1;
  for (const segment of jpegSegments(bytes)) {
    if (segment.marker === 0xda) scanStart = segment.dataStart + segment.dataLength;
  }
  if (scanStart > bytes.length) return true;
  // No scan found by walking (stray bytes between segments, which decoders tolerate): fall back
  // to searching the whole trailer window rather than calling a possibly whole file truncated.
  const start = scanStart < 0 ? 2 : scanStart;
  const windowStart = Math.max(start, bytes.length - TRAILER_WINDOW);
  if (lastIndexOf(bytes, [0xff, 0xd9], windowStart) >= 0) return false;
  // Motion photos append a video of several MB after EOI. Entropy-coded data never holds
  // FF D9 (a literal FF is always followed by 00), so a forward search finds the image's own end.
  return !hasEoiBetween(bytes, start, windowStart);
}

/** An IEND chunk is always empty: length 0, type "IEND", then its fixed CRC. */
const IEND = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44];

/** Follows chunk lengths from the signature; true when they lead to IEND within the file. */
function pngChunksReachIend(bytes: Uint8Array): boolean {
  let i = 8;
  while (i + 8 <= bytes.length) {
    const length = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    if (bytes[i + 4] === 0x49 && bytes[i + 5] === 0x45 && bytes[i + 6] === 0x4e && bytes[i + 7] === 0x44) return true;
    i += 12 + length;
  }
  return false;
}

function pngIsTruncated(bytes: Uint8Array): boolean {
  const from = Math.max(8, bytes.length - TRAILER_WINDOW);
  if (lastIndexOf(bytes, IEND, from) >= 0) return false;
  // A trailer longer than the window: the chunk lengths still say where the image ends.
  return from === 8 || !pngChunksReachIend(bytes);
}

function webpIsTruncated(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return true;
  const riffSize = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
  // The RIFF size counts everything after its own 8-byte header.
  return riffSize + 8 > bytes.length;
}

/** True when the file ends before its image does. `type` is the sniffed type, not the declared one. */
export function isTruncated(type: AcceptedImageType, bytes: Uint8Array): boolean {
  switch (type) {
    case "image/jpeg":
      return jpegIsTruncated(bytes);
    case "image/png":
      return pngIsTruncated(bytes);
    case "image/webp":
      return webpIsTruncated(bytes);
  }
}
