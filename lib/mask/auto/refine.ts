import { labelComponents } from "./components";
import type { BinaryMask, RefineOperation } from "./types";

/**
 * Edits of a whole mask: grow and shrink by an exact Euclidean distance (a disc, not the square
 * that repeating a 3×3 step gives), feather as blur then threshold so exports stay two-valued,
 * specks and holes by region size.
 */
export function refineMask(mask: BinaryMask, op: RefineOperation): BinaryMask {
  switch (op.kind) {
    case "grow":
      return withinDistance(mask, 1, op.pixels, 1);
    case "shrink":
      return withinDistance(mask, 0, op.pixels, 0);
    case "feather":
      return feather(mask, op.pixels);
    case "remove-specks":
      return removeSpecks(mask, op.minPixels);
    case "fill-holes":
      return fillHoles(mask, op.maxPixels);
    default:
      // Requests cross from the page to the worker, where the type no longer guards them.
      throw new Error(`Unknown mask refinement "${(op as { kind: string }).kind}": choose grow, shrink, feather, remove-specks or fill-holes.`);
  }
}

/** The wand's result added to or taken from the mask being edited. */
export function applyToMask(base: BinaryMask, region: BinaryMask, mode: "add" | "remove"): BinaryMask {
  if (base.width !== region.width || base.height !== region.height) throw new Error(`The wand's region is ${region.width}×${region.height} but the mask is ${base.width}×${base.height}; pick again on this reference.`);
  const data = new Uint8Array(base.data);
  const r = region.data;
  if (mode === "add") for (let i = 0; i < data.length; i++) data[i] = data[i]! | r[i]!;
  else for (let i = 0; i < data.length; i++) if (r[i] === 1) data[i] = 0;
  return { width: base.width, height: base.height, data };
}

const INF = 1e20;

/** 1-D squared distance transform (Felzenszwalb & Huttenlocher), in place on `f` over `n` entries. */
function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    d[q] = (q - v[k]!) * (q - v[k]!) + f[v[k]!]!;
  }
  for (let q = 0; q < n; q++) f[q] = d[q]!;
}

/** Squared Euclidean distance from each pixel to the nearest pixel whose value is `target`. */
export function squaredDistanceTo(mask: BinaryMask, target: number): Float64Array {
  const { width: w, height: h, data } = mask;
  const grid = new Float64Array(w * h);
  for (let i = 0; i < grid.length; i++) grid[i] = data[i] === target ? 0 : INF;
  const n = Math.max(w, h);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) f[y] = grid[y * w + x]!;
    edt1d(f, h, d, v, z);
    for (let y = 0; y < h; y++) grid[y * w + x] = f[y]!;
  }
  for (let y = 0; y < h; y++) {
    const row = grid.subarray(y * w, y * w + w);
    f.set(row);
    edt1d(f, w, d, v, z);
    row.set(f.subarray(0, w));
  }
  return grid;
}

/**
 * Grow (target 1): a pixel becomes character when a character pixel lies within `pixels`.
 * Shrink (target 0): a character pixel stays only when no background pixel lies within `pixels`;
 * the image's edge is not background, so a character cut by the frame keeps its cut edge.
 */
function withinDistance(mask: BinaryMask, target: number, pixels: number, setTo: number): BinaryMask {
  const r = Math.max(0, pixels);
  const data = new Uint8Array(mask.data);
  if (r === 0) return { ...mask, data };
  const dist = squaredDistanceTo(mask, target);
  const r2 = r * r;
  for (let i = 0; i < data.length; i++) if (dist[i]! <= r2) data[i] = setTo;
  return { width: mask.width, height: mask.height, data };
}

/** Running-sum box blur of radius r along rows then columns, edges clamped. Two passes make a tent. */
function boxBlur(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  const size = 2 * r + 1;
  const line = (input: Float32Array, output: Float32Array, start: number, step: number, n: number) => {
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += input[start + Math.min(n - 1, Math.max(0, i)) * step]!;
    for (let i = 0; i < n; i++) {
      output[start + i * step] = sum / size;
      sum += input[start + Math.min(n - 1, i + r + 1) * step]! - input[start + Math.max(0, i - r) * step]!;
    }
  };
  for (let y = 0; y < h; y++) line(src, tmp, y * w, 1, w);
  for (let x = 0; x < w; x++) line(tmp, out, x, w, h);
  return out;
}

function feather(mask: BinaryMask, pixels: number): BinaryMask {
  const { width: w, height: h } = mask;
  const r = Math.max(0, Math.round(pixels / 2));
  const data = new Uint8Array(mask.data);
  if (r === 0) return { width: w, height: h, data };
  const plane = boxBlur(boxBlur(Float32Array.from(mask.data), w, h, r), w, h, r);
  for (let i = 0; i < data.length; i++) data[i] = plane[i]! >= 0.5 ? 1 : 0;
  return { width: w, height: h, data };
}

/** Character specks (8-connected) and enclosed holes (4-connected) under `minPixels` are removed. */
function removeSpecks(mask: BinaryMask, minPixels: number): BinaryMask {
  const { width: w, height: h } = mask;
  const data = new Uint8Array(mask.data);
  const fg = labelComponents(mask.data, w, h, 1, true);
  for (let i = 0; i < data.length; i++) if (fg.labels[i]! > 0 && fg.sizes[fg.labels[i]!]! < minPixels) data[i] = 0;
  const bg = labelComponents(data, w, h, 0, false);
  for (let i = 0; i < data.length; i++) {
    const k = bg.labels[i]!;
    if (k > 0 && !bg.touchesBorder[k] && bg.sizes[k]! < minPixels) data[i] = 1;
  }
  return { width: w, height: h, data };
}

/** Background not connected to the image's edge becomes character; with maxPixels, only holes that small. */
export function fillHoles(mask: BinaryMask, maxPixels = Infinity): BinaryMask {
  const { width: w, height: h } = mask;
  const data = new Uint8Array(mask.data);
  const bg = labelComponents(mask.data, w, h, 0, false);
  for (let i = 0; i < data.length; i++) {
    const k = bg.labels[i]!;
    if (k > 0 && !bg.touchesBorder[k] && bg.sizes[k]! <= maxPixels) data[i] = 1;
  }
  return { width: w, height: h, data };
}
