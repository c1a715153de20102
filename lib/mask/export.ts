import { convertIndexedToRgb, decode } from "fast-png";
import { crc32 } from "../checksums";
import { isCharacterPixel, MASK_BACKGROUND_VALUE, MASK_CHARACTER_VALUE } from "./polarity";

/*
 * PNG encoding for binary masks.
 *
 * fast-png's `encode` (level 1) needs ~500 ms for a 4096² grey image in Chromium, and
 * CompressionStream("deflate") alone ~200 ms, both over the 250 ms export budget. A mask holds only
 * two grey values, so the image is long runs of one byte: we emit DEFLATE directly as fixed-Huffman
 * distance-1 matches (run-length coding), which is linear in pixels with tiny constants and about
 * as small as zlib's output for these images. Decoders see an ordinary zlib stream.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** The alpha byte's top bit in a pixel read as a Uint32 over RGBA bytes: alpha >= 128. */
export const ALPHA_HALF_BIT = LITTLE_ENDIAN ? 0x80000000 : 0x80;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

function reverseBits(code: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i++) out = (out << 1) | ((code >> i) & 1);
  return out;
}

/** Fixed Huffman code (RFC 1951 §3.2.6) of a literal/length symbol, bit-reversed for LSB-first output. */
function fixedCode(symbol: number): [bits: number, length: number] {
  if (symbol < 144) return [reverseBits(0x30 + symbol, 8), 8];
  if (symbol < 256) return [reverseBits(0x190 + symbol - 144, 9), 9];
  if (symbol < 280) return [reverseBits(symbol - 256, 7), 7];
  return [reverseBits(0xc0 + symbol - 280, 8), 8];
}

const LITERAL_BITS = new Uint32Array(256);
const LITERAL_LENGTH = new Uint8Array(256);
for (let v = 0; v < 256; v++) [LITERAL_BITS[v], LITERAL_LENGTH[v]] = fixedCode(v);

// A whole "copy L bytes from distance 1" instruction: length code, its extra bits, then the 5-bit
// distance code 0 (all zero bits, so it only adds to the bit count).
const MATCH_BITS = new Uint32Array(259);
const MATCH_LENGTH = new Uint8Array(259);
for (let length = 3; length <= 258; length++) {
  let k = LENGTH_BASE.length - 1;
  while (LENGTH_BASE[k]! > length) k--;
  const [bits, codeLength] = fixedCode(257 + k);
  MATCH_BITS[length] = bits | ((length - LENGTH_BASE[k]!) << codeLength);
  MATCH_LENGTH[length] = codeLength + LENGTH_EXTRA[k]! + 5;
}

const ADLER_MOD = 65521;

/** zlib stream of the PNG scanlines (filter 0) for a two-value mask, coded as runs. */
function deflateMask(pixels: Uint32Array, width: number, height: number, character: number, background: number): Uint8Array {
  let out = new Uint8Array(65536 + height * 32);
  let pos = 0;
  let bitBuffer = 0;
  let bitCount = 0;
  let adlerA = 1;
  let adlerB = 0;
  let previousByte = -1;
  let runValue = -1;
  let runLength = 0;

  const put = (bits: number, count: number) => {
    bitBuffer |= bits << bitCount;
    bitCount += count;
    while (bitCount >= 8) {
      out[pos++] = bitBuffer & 255;
      bitBuffer >>>= 8;
      bitCount -= 8;
    }
  };

  const flushRun = () => {
    let n = runLength;
    const v = runValue;
    if (n === 0) return;
    // Worst case: one literal, one match per 256 bytes, two trailing literals, ≤ 3 bytes each.
    const need = pos + 16 + Math.ceil(n / 256) * 3;
    if (need > out.length) {
      const grown = new Uint8Array(Math.max(need, out.length * 2));
      grown.set(out.subarray(0, pos));
      out = grown;
    }
    // Adler-32 of n copies of v in closed form; every product stays below 2^53.
    const nMod = n % ADLER_MOD;
    const triangle = n % 2 === 0 ? ((n / 2) % ADLER_MOD) * ((n + 1) % ADLER_MOD) : (((n + 1) / 2) % ADLER_MOD) * nMod;
    adlerB = (adlerB + nMod * adlerA + v * (triangle % ADLER_MOD)) % ADLER_MOD;
    adlerA = (adlerA + nMod * v) % ADLER_MOD;
    if (previousByte !== v) {
      put(LITERAL_BITS[v]!, LITERAL_LENGTH[v]!);
      previousByte = v;
      n--;
    }
    while (n >= 3) {
      // Never leave 1–2 bytes that a later match could not cover.
      const length = n <= 258 ? n : n - 258 < 3 ? n - 3 : 258;
      put(MATCH_BITS[length]!, MATCH_LENGTH[length]!);
      n -= length;
    }
    for (; n > 0; n--) put(LITERAL_BITS[v]!, LITERAL_LENGTH[v]!);
  };

  const add = (value: number, count: number) => {
    if (value === runValue) {
      runLength += count;
    } else {
      flushRun();
      runValue = value;
      runLength = count;
    }
  };

  out[pos++] = 0x78; // zlib: deflate, 32 KiB window
  out[pos++] = 0x01; // FLEVEL "fastest", check bits
  put(0b011, 3); // final block, fixed Huffman codes
  let i = 0;
  for (let y = 0; y < height; y++) {
    add(0, 1); // filter type None
    const end = i + width;
    while (i < end) {
      const start = i;
      const painted = (pixels[i++]! & ALPHA_HALF_BIT) !== 0;
      if (painted) while (i < end && (pixels[i]! & ALPHA_HALF_BIT) !== 0) i++;
      else while (i < end && (pixels[i]! & ALPHA_HALF_BIT) === 0) i++;
      add(painted ? character : background, i - start);
    }
  }
  flushRun();
  put(0, 7); // end-of-block symbol 256
  if (bitCount > 0) put(0, 8 - bitCount);
  const adler = ((adlerB << 16) | adlerA) >>> 0;
  out[pos++] = adler >>> 24;
  out[pos++] = (adler >>> 16) & 255;
  out[pos++] = (adler >>> 8) & 255;
  out[pos++] = adler & 255;
  return out.subarray(0, pos);
}

/**
 * A one-channel 8-bit greyscale PNG (colour type 0) of a coverage bitmap: pixels whose alpha is at
 * least 128 get the character grey, the rest the background grey.
 */
export function encodeMaskPng(rgba: Uint8ClampedArray, width: number, height: number, invertPolarity = false): Uint8Array<ArrayBuffer> {
  if (rgba.length !== width * height * 4) throw new RangeError("pixel data does not match the mask size");
  const character = invertPolarity ? MASK_BACKGROUND_VALUE : MASK_CHARACTER_VALUE;
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height);
  const idat = deflateMask(pixels, width, height, character, 255 - character);
  const png = new Uint8Array(8 + 25 + 12 + idat.length + 12);
  const view = new DataView(png.buffer);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let pos = 8;
  const chunk = (type: string, length: number, fill: (at: number) => void) => {
    view.setUint32(pos, length);
    for (let k = 0; k < 4; k++) png[pos + 4 + k] = type.charCodeAt(k);
    fill(pos + 8);
    view.setUint32(pos + 8 + length, crc32(png, pos + 4, pos + 8 + length));
    pos += 12 + length;
  };
  chunk("IHDR", 13, (at) => {
    view.setUint32(at, width);
    view.setUint32(at + 4, height);
    png.set([8, 0, 0, 0, 0], at + 8); // depth 8, greyscale, deflate, adaptive filtering, no interlace
  });
  chunk("IDAT", idat.length, (at) => png.set(idat, at));
  chunk("IEND", 0, () => {});
  return png;
}

export interface MaskPixels {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** Decodes any PNG to 8-bit samples (palette expanded, 16-bit and packed low-depth grey widened). */
export function decodePngPixels(bytes: Uint8Array): MaskPixels {
  const png = decode(bytes);
  const { width, height } = png;
  if (png.palette) {
    const data = convertIndexedToRgb(png);
    return { width, height, channels: data.length / (width * height), data };
  }
  const channels = png.channels;
  if (png.depth === 16) {
    const wide = png.data;
    const data = new Uint8Array(wide.length);
    for (let i = 0; i < wide.length; i++) data[i] = wide[i]! >>> 8;
    return { width, height, channels, data };
  }
  if (png.depth < 8) {
    const depth = png.depth;
    const max = (1 << depth) - 1;
    const rowBytes = Math.ceil((width * channels * depth) / 8);
    const data = new Uint8Array(width * height * channels);
    for (let y = 0, o = 0; y < height; y++) {
      for (let s = 0; s < width * channels; s++) {
        const bit = s * depth;
        const byte = png.data[y * rowBytes + (bit >> 3)]!;
        data[o++] = Math.round((((byte >> (8 - depth - (bit & 7))) & max) * 255) / max);
      }
    }
    return { width, height, channels, data };
  }
  return { width, height, channels, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
}

/**
 * Decodes a mask PNG (for tests and callers that want the raw grey values).
 * @public The e2e tests call it in the page through `window.Mask` (lib/mask/mask-document.ts), which knip cannot follow.
 */
export async function readMaskPixels(blob: Blob): Promise<MaskPixels> {
  return decodePngPixels(new Uint8Array(await blob.arrayBuffer()));
}

/**
 * Coverage pixels (opaque white for character, transparent otherwise) from a decoded mask, plus
 * the painted-pixel count of every tile so the document need not read them back.
 */
export function maskToCoverage(mask: MaskPixels, invertPolarity: boolean, tileSize: number): { rgba: Uint8ClampedArray<ArrayBuffer>; tileCounts: Int32Array } {
  const { width, height, channels, data } = mask;
  const lookup = new Uint32Array(256);
  for (let grey = 0; grey < 256; grey++) lookup[grey] = isCharacterPixel(grey, invertPolarity) ? 0xffffffff : 0;
  const pixels = new Uint32Array(width * height);
  const columns = Math.ceil(width / tileSize);
  const tileCounts = new Int32Array(columns * Math.ceil(height / tileSize));
  // Colour masks are judged by their mean of R, G, B; alpha is ignored.
  const colour = channels >= 3;
  for (let y = 0, i = 0; y < height; y++) {
    const rowTiles = Math.floor(y / tileSize) * columns;
    for (let x0 = 0; x0 < width; x0 += tileSize) {
      const end = i + Math.min(tileSize, width - x0);
      let count = 0;
      for (; i < end; i++) {
        const at = i * channels;
        const grey = colour ? Math.round((data[at]! + data[at + 1]! + data[at + 2]!) / 3) : data[at]!;
        const value = lookup[grey]!;
        pixels[i] = value;
        count += value & 1;
      }
      const tile = rowTiles + x0 / tileSize;
      tileCounts[tile] = tileCounts[tile]! + count;
    }
  }
  return { rgba: new Uint8ClampedArray(pixels.buffer), tileCounts };
}
