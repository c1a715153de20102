import { backgroundDist2, estimateBackground, nearestDist2, planeDist2, workImage, type BackgroundModel, type WorkImage } from "./background";
import { labelComponents, scanlineFill } from "./components";
import { LAB_BINS, labBin, labTable } from "./lab";
import type { AutoMaskOptions, AutoMaskResult, BinaryMask, PixelBox, RgbaImage } from "./types";

/** Longest side the estimate works at; a 2048² reference is worked at 512², 16× fewer pixels. */
const WORK_SIDE = 512;
/** Border colour spread (Lab) past which the background is called busy. */
const BUSY_SPREAD = 15;
/** Background texture (Lab) under which the full-size edge follows the pixels' own colours. */
const CALM_NOISE = 4;

/**
 * Proposes the character's mask: the background's colours are read from the border (or the box's
 * edges), flooded in from the border within a tolerance, and what stays is the subject. Enclosed
 * background (the gap of an arm on a hip) is cut out again; the largest part and parts near its
 * size are kept; the edge is smoothed and drawn at full size.
 */
export function autoMask(image: RgbaImage, options: AutoMaskOptions = {}): AutoMaskResult {
  const { width, height } = image;
  const box = clampBox(options.box, width, height);
  const rw = box.x1 - box.x0;
  const rh = box.y1 - box.y0;
  const step = Math.max(1, Math.ceil(Math.max(rw, rh) / WORK_SIDE));
  const work = workImage(image.data, width, box.x0, box.y0, rw, rh, step);
  const model = estimateBackground(work);
  const tolerance = options.tolerance ?? Math.min(30, Math.max(10, 6 + 2.5 * model.noise));
  const small = subjectAtWorkSize(work, model, tolerance);
  const data = new Uint8Array(width * height);
  // On a calm background the full-size pixels along the edge are judged by their own colour,
  // so the edge is as sharp as the reference; on a textured one that would fray it.
  const tol2 = tolerance * tolerance;
  const table = labTable();
  const vote =
    model.noise < CALM_NOISE
      ? (i: number) => {
          if (image.data[i * 4 + 3]! < 128) return -1;
          const bin = labBin(image.data[i * 4]!, image.data[i * 4 + 1]!, image.data[i * 4 + 2]!) * 3;
          const x = (i % width) - box.x0;
          const y = Math.floor(i / width) - box.y0;
          const d = backgroundDist2(model, table[bin]!, table[bin + 1]!, table[bin + 2]!, x / rw, y / rh);
          return d < tol2 ? -1 : d > 4 * tol2 ? 1 : 0;
        }
      : undefined;
  const count = drawFullSize(small, work.width, work.height, step, box, data, width, vote);
  const coverage = count / (width * height);
  const mask: BinaryMask = { width, height, data };
  const reason = checkReason(model, small, work.width, work.height, count / (rw * rh));
  return reason ? { mask, confidence: "check", reason, coverage } : { mask, confidence: "good", coverage };
}

function clampBox(box: PixelBox | undefined, width: number, height: number): PixelBox {
  if (!box) return { x0: 0, y0: 0, x1: width, y1: height };
  const x0 = Math.max(0, Math.min(width - 1, Math.floor(box.x0)));
  const y0 = Math.max(0, Math.min(height - 1, Math.floor(box.y0)));
  return { x0, y0, x1: Math.max(x0 + 1, Math.min(width, Math.ceil(box.x1))), y1: Math.max(y0 + 1, Math.min(height, Math.ceil(box.y1))) };
}

function subjectAtWorkSize(work: WorkImage, model: BackgroundModel, tolerance: number): Uint8Array {
  const { width: w, height: h, lab, transparent } = work;
  const n = w * h;
  const tol2 = tolerance * tolerance;
  // Enclosed background must be closer to a background colour than the flood needs: a pale
  // eye inside the character is not cut out as a hole.
  const strict2 = tol2 * 0.36;
  const isBg = new Uint8Array(n);
  const isStrictBg = new Uint8Array(n);
  // Distance to the nearest background cluster depends only on the colour: one per colour bin.
  const byBin = new Float32Array(LAB_BINS).fill(-1);
  for (let p = 0; p < n; p++) {
    if (transparent[p] === 1) {
      isBg[p] = 1;
      isStrictBg[p] = 1;
      continue;
    }
    let d = byBin[work.bins[p]!]!;
    if (d < 0) {
      d = nearestDist2(lab, p, model.centres);
      byBin[work.bins[p]!] = d;
    }
    if (d >= strict2) d = Math.min(d, planeDist2(work, p, model.plane));
    isBg[p] = d < tol2 ? 1 : 0;
    isStrictBg[p] = d < strict2 ? 1 : 0;
  }
  const seeds: number[] = [];
  for (let x = 0; x < w; x++) seeds.push(x, (h - 1) * w + x);
  for (let y = 0; y < h; y++) seeds.push(y * w, y * w + w - 1);
  const reached = new Uint8Array(n);
  scanlineFill(isBg, w, h, seeds, reached);
  const mask = new Uint8Array(n);
  for (let p = 0; p < n; p++) mask[p] = reached[p] === 1 ? 0 : 1;
  // Enclosed background big enough to be seen through the character.
  const holeMin = Math.max(12, Math.round(n * 0.0015));
  const enclosed = new Uint8Array(n);
  for (let p = 0; p < n; p++) enclosed[p] = mask[p] === 1 && isStrictBg[p] === 1 ? 1 : 0;
  const holes = labelComponents(enclosed, w, h, 1, false);
  const eyes = regionsAroundIslands(holes.labels, enclosed, w, h);
  for (let p = 0; p < n; p++) {
    const k = holes.labels[p]!;
    if (k > 0 && holes.sizes[k]! >= holeMin && !eyes.has(k)) mask[p] = 0;
  }
  keepMainParts(mask, w, h);
  return smooth(mask, w, h);
}

/**
 * Background-coloured regions that surround something else entirely: the white of an eye round
 * its pupil, on a white background. A gap seen through the character (an arm's loop) surrounds
 * nothing, so these are kept as character and only the others are cut out.
 */
function regionsAroundIslands(labels: Int32Array, region: Uint8Array, w: number, h: number): Set<number> {
  const offsets = [-1, 1, -w, w];
  const rest = labelComponents(region, w, h, 0, false);
  // For each island of the rest, the one region all around it, or -1 once it meets two or the edge.
  const around = new Int32Array(rest.sizes.length);
  for (let p = 0; p < labels.length; p++) {
    const island = rest.labels[p]!;
    if (island === 0 || around[island] === -1) continue;
    if (rest.touchesBorder[island]) {
      around[island] = -1;
      continue;
    }
    // Islands do not touch the edge, so all four neighbours exist.
    for (const offset of offsets) {
      const k = labels[p + offset]!;
      if (k === 0) continue;
      if (around[island] === 0) around[island] = k;
      else if (around[island] !== k) around[island] = -1;
    }
  }
  const out = new Set<number>();
  for (let island = 1; island < around.length; island++) if (around[island]! > 0) out.add(around[island]!);
  return out;
}

/** The largest part, and any part at least 15% of its size (a hat held apart from the head). */
function keepMainParts(mask: Uint8Array, w: number, h: number): void {
  const parts = labelComponents(mask, w, h, 1, true);
  const largest = Math.max(0, ...parts.sizes);
  for (let p = 0; p < mask.length; p++) {
    const k = parts.labels[p]!;
    if (k > 0 && parts.sizes[k]! < largest * 0.15) mask[p] = 0;
  }
  // Specks of background inside the subject (texture that matched a background colour) close up.
  const bg = labelComponents(mask, w, h, 0, false);
  const speck = Math.max(4, Math.round(mask.length * 0.0004));
  for (let p = 0; p < mask.length; p++) {
    const k = bg.labels[p]!;
    if (k > 0 && !bg.touchesBorder[k] && bg.sizes[k]! < speck) mask[p] = 1;
  }
}

/**
 * One-pixel spurs (a character pixel with at most 2 of 8 character neighbours) and notches (a
 * background pixel with 6 or more) go; a square corner (3 of 8) stays, unlike a plain majority.
 */
function smooth(mask: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(mask);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < w && (dx !== 0 || dy !== 0)) sum += mask[yy * w + xx]!;
        }
      }
      const p = y * w + x;
      if (mask[p] === 1 && sum <= 2) out[p] = 0;
      else if (mask[p] === 0 && sum >= 6) out[p] = 1;
    }
  }
  return out;
}

/**
 * The working mask drawn into `out` (the full image, `box` its part), returning how many pixels
 * are character. Bilinear between working pixels, thresholded at a half, so edges are smooth
 * rather than blocky; spans whose four working pixels agree are filled without interpolating.
 */
function drawFullSize(small: Uint8Array, w: number, h: number, step: number, box: PixelBox, out: Uint8Array, stride: number, vote?: (index: number) => number): number {
  const rw = box.x1 - box.x0;
  const rh = box.y1 - box.y0;
  let count = 0;
  // Where each working column's span of output columns starts, and its interpolation weights.
  const x0s = new Int32Array(rw);
  const wxs = new Float32Array(rw);
  for (let x = 0; x < rw; x++) {
    const fx = Math.min(w - 1, Math.max(0, (x + 0.5) / step - 0.5));
    x0s[x] = Math.floor(fx);
    wxs[x] = fx - x0s[x]!;
  }
  for (let y = 0; y < rh; y++) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) / step - 0.5));
    const y0 = Math.floor(fy);
    const r0 = y0 * w;
    const r1 = Math.min(h - 1, y0 + 1) * w;
    const wy = fy - y0;
    const row = (box.y0 + y) * stride + box.x0;
    let x = 0;
    while (x < rw) {
      const c0 = x0s[x]!;
      const c1 = Math.min(w - 1, c0 + 1);
      let end = x + 1;
      while (end < rw && x0s[end] === c0) end++;
      const a = small[r0 + c0]!;
      const b = small[r0 + c1]!;
      const c = small[r1 + c0]!;
      const d = small[r1 + c1]!;
      if (a === b && b === c && c === d) {
        // Carry on through the following spans while they agree too: inside or outside the
        // character, a row is then a few fills rather than a loop over its pixels.
        while (end < rw) {
          const n0 = x0s[end]!;
          const n1 = Math.min(w - 1, n0 + 1);
          if (small[r0 + n1] !== a || small[r1 + n1] !== a || small[r0 + n0] !== a || small[r1 + n0] !== a) break;
          while (end < rw && x0s[end] === n0) end++;
        }
        if (a === 1) {
          out.fill(1, row + x, row + end);
          count += end - x;
        }
      } else {
        for (let xx = x; xx < end; xx++) {
          const wx = wxs[xx]!;
          const v = (a * (1 - wx) + b * wx) * (1 - wy) + (c * (1 - wx) + d * wx) * wy;
          const said = vote ? vote(row + xx) : 0;
          if (said > 0 ? v > 0.1 : said < 0 ? v > 0.9 : v >= 0.5) {
            out[row + xx] = 1;
            count++;
          }
        }
      }
      x = end;
    }
  }
  return count;
}

function checkReason(model: BackgroundModel, small: Uint8Array, w: number, h: number, share: number): string | undefined {
  if (model.spread > BUSY_SPREAD) return "Busy background: check the edges of the proposal.";
  if (share < 0.01) return "Very small proposal: check that it found the character.";
  if (share > 0.9) return "The proposal covers almost the whole picture: check that the background was found.";
  let edges = 0;
  const touches = (indices: Iterable<number>) => {
    for (const p of indices) if (small[p] === 1) return true;
    return false;
  };
  const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  if (touches(range(w, (x) => x))) edges++;
  if (touches(range(w, (x) => (h - 1) * w + x))) edges++;
  if (touches(range(h, (y) => y * w))) edges++;
  if (touches(range(h, (y) => y * w + w - 1))) edges++;
  if (edges >= 3 || model.subjectOnBorder > 0.35) return "The character runs out of the frame on several sides: check the proposal.";
  return undefined;
}
