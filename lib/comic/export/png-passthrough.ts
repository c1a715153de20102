/**
 * An opaque 8-bit PNG's compressed pixels go into a PDF as they are: PDF's FlateDecode with PNG
 * predictors reads a PNG's IDAT stream directly, so nothing is decoded or compressed again
 * (pdf-lib's own PNG path decodes and deflates every image, about half a second per megapixel).
 * PNGs with an alpha channel go through png-split.ts; palettes, 16-bit samples, interlacing or a
 * tRNS chunk return null and take the slow path.
 */
export interface PassthroughPng {
  width: number;
  height: number;
  /** 1 for grey, 3 for RGB. */
  colors: 1 | 3;
  /** The IDAT chunks' data, joined: a zlib stream of predictor-filtered rows. */
  data: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export interface PngChunks {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
  transparency: boolean;
  /** The IDAT chunks' data, joined. */
  data: Uint8Array;
}

/** A PNG's header and compressed pixels, without decoding them; null for what is not a PNG. */
export function readPngChunks(bytes: Uint8Array): PngChunks | null {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = { width: 0, height: 0, depth: 0, colorType: -1, interlace: 0, transparency: false };
  const parts: Uint8Array[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") Object.assign(header, { width: view.getUint32(at + 8), height: view.getUint32(at + 12), depth: data[8], colorType: data[9], interlace: data[12] });
    else if (type === "tRNS") header.transparency = true;
    else if (type === "IDAT") parts.push(data);
    else if (type === "IEND") break;
    at += 12 + length;
  }
  if (!header.width || !header.height || parts.length === 0) return null;
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return { ...header, data };
}

export function passthroughPng(png: PngChunks): PassthroughPng | null {
  const { width, height, depth, colorType, interlace, transparency, data } = png;
  if (depth !== 8 || interlace !== 0 || transparency || (colorType !== 0 && colorType !== 2)) return null;
  return { width, height, colors: colorType === 0 ? 1 : 3, data };
}
