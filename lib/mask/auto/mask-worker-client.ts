/**
 * TEMPORARY STAND-IN (branch automask-ui): the real algorithms and worker client are written in
 * parallel and replace this file at merge. Same exports and signatures; naive, main-thread
 * versions so the painter and the cast can be built and tested against the contract now.
 */
import type { AutoMaskOptions, AutoMaskResult, BinaryMask, PixelBox, RefineOperation, RgbaImage, WandOptions } from "./types";

const distance = (d: Uint8ClampedArray, a: number, b: number) =>
  Math.hypot(d[a * 4]! - d[b * 4]!, d[a * 4 + 1]! - d[b * 4 + 1]!, d[a * 4 + 2]! - d[b * 4 + 2]!);

/** Pixels reachable from `seeds` through neighbours `accept` allows (4-connected). */
function flood(width: number, height: number, seeds: number[], accept: (from: number, to: number) => boolean): Uint8Array {
  const seen = new Uint8Array(width * height);
  const stack = [...seeds];
  for (const s of seeds) seen[s] = 1;
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % width;
    const y = (i - x) / width;
    const next = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1];
    for (const j of next) {
      if (j < 0 || seen[j] || !accept(i, j)) continue;
      seen[j] = 1;
      stack.push(j);
    }
  }
  return seen;
}

export function autoMask(image: RgbaImage, options?: AutoMaskOptions): AutoMaskResult {
  const { width, height, data } = image;
  const box: PixelBox = options?.box ?? { x0: 0, y0: 0, x1: width, y1: height };
  const tolerance = options?.tolerance ?? 30;
  const inBox = (i: number) => {
    const x = i % width;
    const y = (i - x) / width;
    return x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1;
  };
  const seeds: number[] = [];
  for (let x = box.x0; x < box.x1; x++) seeds.push(box.y0 * width + x, (box.y1 - 1) * width + x);
  for (let y = box.y0; y < box.y1; y++) seeds.push(y * width + box.x0, y * width + box.x1 - 1);
  // The background colour is the edges' average; a pixel is background when close to it and connected to an edge.
  const mean = [0, 1, 2].map((c) => seeds.reduce((sum, i) => sum + data[i * 4 + c]!, 0) / seeds.length);
  const near = (i: number) => Math.hypot(data[i * 4]! - mean[0]!, data[i * 4 + 1]! - mean[1]!, data[i * 4 + 2]! - mean[2]!) <= tolerance;
  const background = flood(width, height, seeds.filter(near), (_from, to) => inBox(to) && near(to));
  const mask = new Uint8Array(width * height);
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    if (inBox(i) && !background[i]) {
      mask[i] = 1;
      count++;
    }
  }
  const coverage = count / (width * height);
  const confidence = coverage > 0.02 && coverage < 0.9 ? "good" : "check";
  return { mask: { width, height, data: mask }, confidence, reason: confidence === "check" ? "busy background" : undefined, coverage };
}

export function magicWand(image: RgbaImage, x: number, y: number, options: WandOptions): BinaryMask {
  const { width, height, data } = image;
  const seed = Math.floor(y) * width + Math.floor(x);
  const limit = (options.tolerance / 100) * 442;
  const similar = (i: number) => distance(data, seed, i) <= limit;
  let region: Uint8Array;
  if (options.contiguous) region = flood(width, height, [seed], (_from, to) => similar(to));
  else {
    region = new Uint8Array(width * height);
    for (let i = 0; i < region.length; i++) region[i] = similar(i) ? 1 : 0;
  }
  return { width, height, data: region };
}

function step(mask: BinaryMask, grow: boolean): BinaryMask {
  const { width, height, data } = mask;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let hit = !grow;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = Math.min(width - 1, Math.max(0, x + dx));
          const ny = Math.min(height - 1, Math.max(0, y + dy));
          const on = data[ny * width + nx] === 1;
          if (grow && on) hit = true;
          if (!grow && !on) hit = false;
        }
      }
      out[y * width + x] = hit ? 1 : 0;
    }
  }
  return { width, height, data: out };
}

/** Connected components of pixels equal to `value` smaller than `max` are flipped. */
function dropSmall(mask: BinaryMask, value: number, max: number): BinaryMask {
  const { width, height } = mask;
  const data = mask.data.slice();
  const seen = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (seen[i] || data[i] !== value) continue;
    const part = flood(width, height, [i], (_from, to) => data[to] === value);
    const members: number[] = [];
    let touchesEdge = false;
    for (let j = 0; j < part.length; j++) {
      if (!part[j]) continue;
      seen[j] = 1;
      members.push(j);
      const x = j % width;
      const y = (j - x) / width;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) touchesEdge = true;
    }
    // A "hole" touching the edge is background, not a hole.
    if (members.length < max && !(value === 0 && touchesEdge)) for (const j of members) data[j] = 1 - value;
  }
  return { width, height, data };
}

export function refineMask(mask: BinaryMask, op: RefineOperation): BinaryMask {
  switch (op.kind) {
    case "grow":
    case "shrink": {
      let out = mask;
      for (let n = 0; n < op.pixels; n++) out = step(out, op.kind === "grow");
      return out;
    }
    case "feather": {
      let out = mask;
      for (let n = 0; n < op.pixels; n++) out = step(out, true);
      for (let n = 0; n < op.pixels; n++) out = step(out, false);
      return out;
    }
    case "remove-specks":
      return dropSmall(mask, 1, op.minPixels);
    case "fill-holes":
      return dropSmall(mask, 0, op.maxPixels ?? Infinity);
  }
}

/** @public Part of the contract the real module fulfils; the painter combines in the mask document instead. */
export function applyToMask(base: BinaryMask, region: BinaryMask, mode: "add" | "remove"): BinaryMask {
  const data = base.data.slice();
  for (let i = 0; i < data.length; i++) if (region.data[i]) data[i] = mode === "add" ? 1 : 0;
  return { width: base.width, height: base.height, data };
}

export const runAutoMask = async (image: RgbaImage, options?: AutoMaskOptions): Promise<AutoMaskResult> => autoMask(image, options);
export const runWand = async (image: RgbaImage, x: number, y: number, options: WandOptions): Promise<BinaryMask> => magicWand(image, x, y, options);
export const runRefine = async (mask: BinaryMask, op: RefineOperation): Promise<BinaryMask> => refineMask(mask, op);
