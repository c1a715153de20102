import { unzlibSync, zlibSync } from "fflate";
import type { PngChunks } from "./png-passthrough";

/**
 * An 8-bit PNG with an alpha channel, split for PDF (which keeps transparency in a separate soft
 * mask): the colour samples and the alpha samples, each compressed again at zlib's fastest level.
 * Lossless, and several times faster than decoding and re-encoding the image; an alpha that is
 * opaque everywhere is left out. Null for what it does not read (palettes, 16-bit, interlacing).
 */
export interface SplitPng {
  width: number;
  height: number;
  colors: 1 | 3;
  /** zlib streams of raw rows (no predictor). */
  color: Uint8Array;
  alpha: Uint8Array | null;
}

export function splitPng(header: PngChunks): SplitPng | null {
  const { width, height, colorType, depth, interlace } = header;
  if (depth !== 8 || interlace !== 0 || (colorType !== 4 && colorType !== 6)) return null;
  const colors = colorType === 6 ? 3 : 1;
  const bpp = colors + 1;
  const stride = width * bpp;
  const filtered = unzlibSync(header.data);
  if (filtered.length < height * (stride + 1)) return null;
  const color = new Uint8Array(width * height * colors);
  const alpha = new Uint8Array(width * height);
  let prev = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  let opaque = true;
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    const filter = filtered[start]!;
    const line = filtered.subarray(start + 1, start + 1 + stride);
    unfilter(filter, line, prev, row, bpp);
    for (let x = 0, c = y * width * colors, a = y * width; x < width; x++) {
      const p = x * bpp;
      for (let k = 0; k < colors; k++) color[c++] = row[p + k]!;
      const v = row[p + colors]!;
      alpha[a++] = v;
      if (v !== 255) opaque = false;
    }
    [prev, row] = [row, prev];
  }
  return { width, height, colors, color: zlibSync(color, { level: 1 }), alpha: opaque ? null : zlibSync(alpha, { level: 1 }) };
}

/** Undoes one row's PNG filter (None, Sub, Up, Average, Paeth) into `out`. */
function unfilter(filter: number, line: Uint8Array, prev: Uint8Array, out: Uint8Array, bpp: number): void {
  const n = line.length;
  switch (filter) {
    case 0:
      out.set(line);
      break;
    case 1:
      for (let i = 0; i < n; i++) out[i] = (line[i]! + (i >= bpp ? out[i - bpp]! : 0)) & 255;
      break;
    case 2:
      for (let i = 0; i < n; i++) out[i] = (line[i]! + prev[i]!) & 255;
      break;
    case 3:
      for (let i = 0; i < n; i++) out[i] = (line[i]! + (((i >= bpp ? out[i - bpp]! : 0) + prev[i]!) >> 1)) & 255;
      break;
    default:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? out[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        out[i] = (line[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      }
  }
}
