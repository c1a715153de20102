/**
 * sRGB → CIE Lab (D65) through lookup tables. Colours are binned at 6 bits per channel: 262,144
 * bins, one Lab triple each, built once per thread. A bin is at most 2 levels from any colour in
 * it: under ΔE 1 on average and under 3 in the darkest shades, finer than any tolerance a mask
 * uses, and reading one table entry per pixel keeps the 2048² passes fast.
 */
const BITS = 6;
const SHIFT = 8 - BITS;
const SIDE = 1 << BITS;

let table: Float32Array | undefined;

const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);

/** Lab from linear-light RGB (0–1), D65 white. */
function linearToLab(R: number, G: number, B: number): [number, number, number] {
  const fx = f((0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047);
  const fy = f(0.2126729 * R + 0.7151522 * G + 0.072175 * B);
  const fz = f((0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** Lab of one sRGB colour (0–255 channels), exact: for seeds and tests. */
export function rgbToLab(r: number, g: number, b: number): [number, number, number] {
  return linearToLab(linear(r / 255), linear(g / 255), linear(b / 255));
}

/** The Lab table: index `labBin(r, g, b) * 3` holds L, a, b of that bin's centre. */
export function labTable(): Float32Array {
  if (table) return table;
  const out = new Float32Array(SIDE * SIDE * SIDE * 3);
  const half = (1 << SHIFT) / 2 - 0.5;
  const levels = Array.from({ length: SIDE }, (_, i) => linear(((i << SHIFT) + half) / 255));
  // f (a cube root above the dark end) interpolated from a fine table: 786,432 cube roots were
  // most of the build, and the interpolation is exact to 1e-6 here.
  const steps = 16384;
  const fTable = new Float64Array(steps + 2);
  for (let i = 0; i <= steps + 1; i++) fTable[i] = f(i / steps);
  const fi = (t: number) => {
    const x = Math.min(steps, Math.max(0, t * steps));
    const i = Math.floor(x);
    return fTable[i]! + (fTable[i + 1]! - fTable[i]!) * (x - i);
  };
  for (let r = 0; r < SIDE; r++)
    for (let g = 0; g < SIDE; g++)
      for (let b = 0; b < SIDE; b++) {
        const R = levels[r]!;
        const G = levels[g]!;
        const B = levels[b]!;
        const fx = fi((0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047);
        const fy = fi(0.2126729 * R + 0.7151522 * G + 0.072175 * B);
        const fz = fi((0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883);
        const j = ((((r << BITS) | g) << BITS) | b) * 3;
        out[j] = 116 * fy - 16;
        out[j + 1] = 500 * (fx - fy);
        out[j + 2] = 200 * (fy - fz);
      }
  table = out;
  return out;
}

export const labBin = (r: number, g: number, b: number) => ((r >> SHIFT) << (2 * BITS)) | ((g >> SHIFT) << BITS) | (b >> SHIFT);
export const LAB_BINS = SIDE * SIDE * SIDE;
