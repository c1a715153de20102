import { scanlineFill } from "./components";
import { LAB_BINS, labBin, labTable } from "./lab";
import type { BinaryMask, RgbaImage, WandOptions } from "./types";

/**
 * Tolerance 0–100 is a Lab distance (ΔE76) of up to this many units: 100 reaches across most
 * colours, a flat fill needs a few units, a soft gradient or a JPEG 15–30.
 */
const DELTA_E_AT_100 = 100;

/**
 * Which colour bins lie within the tolerance of the clicked colour: 262,144 comparisons once per
 * click, after which testing a pixel is one table read instead of a Lab conversion.
 */
function similarBins(r: number, g: number, b: number, tolerance: number, transparent: boolean): Uint8Array {
  // One more entry than there are colours: the key of every transparent pixel.
  const near = new Uint8Array(LAB_BINS + 1);
  if (transparent) {
    near[LAB_BINS] = 1;
    return near;
  }
  const lab = labTable();
  const seed = labBin(r, g, b) * 3;
  const L = lab[seed]!;
  const A = lab[seed + 1]!;
  const B = lab[seed + 2]!;
  const limit = (Math.max(0, Math.min(100, tolerance)) / 100) * DELTA_E_AT_100;
  const limit2 = limit * limit;
  for (let i = 0, j = 0; i < LAB_BINS; i++, j += 3) {
    const dl = lab[j]! - L;
    const da = lab[j + 1]! - A;
    const db = lab[j + 2]! - B;
    near[i] = dl * dl + da * da + db * db <= limit2 ? 1 : 0;
  }
  near[labBin(r, g, b)] = 1;
  return near;
}

/**
 * Each pixel's colour bin (LAB_BINS for transparent), worked out once per image: picks that
 * follow on the same reference (a live preview as the pointer moves) only read it.
 */
const binCache = new WeakMap<Uint8ClampedArray, Int32Array>();
function binsOf(image: RgbaImage): Int32Array {
  const cached = binCache.get(image.data);
  if (cached) return cached;
  const px = image.data;
  const bins = new Int32Array(image.width * image.height);
  for (let i = 0, j = 0; i < bins.length; i++, j += 4) bins[i] = px[j + 3]! < 128 ? LAB_BINS : labBin(px[j]!, px[j + 1]!, px[j + 2]!);
  binCache.set(image.data, bins);
  return bins;
}

/**
 * The region a click at (x, y) picks: pixels within `tolerance` of the clicked colour, connected to
 * it (contiguous) or anywhere in the image. Transparent pixels (alpha < 128) match only a
 * transparent click, and then all of them do.
 */
export function magicWand(image: RgbaImage, x: number, y: number, options: WandOptions): BinaryMask {
  const { width: w, height: h, data: px } = image;
  const cx = Math.min(w - 1, Math.max(0, Math.floor(x)));
  const cy = Math.min(h - 1, Math.max(0, Math.floor(y)));
  const seed = (cy * w + cx) * 4;
  const near = similarBins(px[seed]!, px[seed + 1]!, px[seed + 2]!, options.tolerance, px[seed + 3]! < 128);
  const bins = binsOf(image);
  const out = new Uint8Array(w * h);
  if (options.contiguous) scanlineFill(near, w, h, [cy * w + cx], out, bins);
  else for (let i = 0; i < out.length; i++) out[i] = near[bins[i]!]!;
  return { width: w, height: h, data: out };
}

/** Largest side the live preview works at: a 2048² reference is picked at 1024², 4× fewer pixels. */
const PREVIEW_SIDE = 1024;

/**
 * The wand for a live preview while the pointer moves: the same pick on a reference sampled down
 * to PREVIEW_SIDE (nearest pixel, so no new colours), returned at that size with its scale.
 */
export function magicWandPreview(image: RgbaImage, x: number, y: number, options: WandOptions): { mask: BinaryMask; scale: number } {
  const step = Math.max(1, Math.ceil(Math.max(image.width, image.height) / PREVIEW_SIDE));
  if (step === 1) return { mask: magicWand(image, x, y, options), scale: 1 };
  return { mask: magicWand(sampledDown(image, step), x / step, y / step, options), scale: step };
}

const previewCache = new WeakMap<Uint8ClampedArray, RgbaImage>();
function sampledDown(image: RgbaImage, step: number): RgbaImage {
  const cached = previewCache.get(image.data);
  if (cached) return cached;
  const w = Math.ceil(image.width / step);
  const h = Math.ceil(image.height / step);
  const data = new Uint8ClampedArray(w * h * 4);
  const src = new Uint32Array(image.data.buffer, image.data.byteOffset, image.width * image.height);
  const dst = new Uint32Array(data.buffer);
  for (let yy = 0; yy < h; yy++) {
    const row = yy * step * image.width;
    for (let xx = 0; xx < w; xx++) dst[yy * w + xx] = src[row + xx * step]!;
  }
  const small = { width: w, height: h, data };
  previewCache.set(image.data, small);
  return small;
}
