import { labBin, labTable } from "./lab";

/**
 * The reference seen at working size: Lab per pixel (averaged over step × step blocks) and which
 * pixels are transparent. The estimate works here; only the final edge is drawn at full size.
 */
export interface WorkImage {
  width: number;
  height: number;
  step: number;
  lab: Float32Array;
  /** Each pixel's colour bin in the Lab table: pixels of one colour share a background test. */
  bins: Int32Array;
  transparent: Uint8Array;
}

export function workImage(px: Uint8ClampedArray, stride: number, x0: number, y0: number, rw: number, rh: number, step: number): WorkImage {
  const width = Math.ceil(rw / step);
  const height = Math.ceil(rh / step);
  const table = labTable();
  const lab = new Float32Array(width * height * 3);
  const transparent = new Uint8Array(width * height);
  const bins = new Int32Array(width * height);
  // A block is averaged from every other pixel each way once it is 4 wide: a quarter of the
  // reads, and a block's colour barely changes.
  const sub = step >= 4 ? 2 : 1;
  for (let wy = 0; wy < height; wy++) {
    const ya = y0 + wy * step;
    const yb = Math.min(y0 + rh, ya + step);
    for (let wx = 0; wx < width; wx++) {
      const xa = x0 + wx * step;
      const xb = Math.min(x0 + rw, xa + step);
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      let count = 0;
      for (let y = ya; y < yb; y += sub) {
        for (let i = (y * stride + xa) * 4, end = (y * stride + xb) * 4; i < end; i += 4 * sub) {
          count++;
          r += px[i]!;
          g += px[i + 1]!;
          b += px[i + 2]!;
          a += px[i + 3]!;
        }
      }
      const p = wy * width + wx;
      transparent[p] = a / count < 128 ? 1 : 0;
      const bin = labBin(Math.round(r / count), Math.round(g / count), Math.round(b / count));
      bins[p] = bin;
      lab[p * 3] = table[bin * 3]!;
      lab[p * 3 + 1] = table[bin * 3 + 1]!;
      lab[p * 3 + 2] = table[bin * 3 + 2]!;
    }
  }
  return { width, height, step, lab, bins, transparent };
}

export interface BackgroundModel {
  /** Lab centres of the background's colour clusters, 3 numbers each. */
  centres: Float32Array;
  /** Typical Lab distance of a background border pixel to its centre: how textured it is. */
  noise: number;
  /** Background Lab as a plane over the image (L, a, b each c0 + c1·x + c2·y): exact for a linear gradient. */
  plane: Float64Array;
  /** Spread of the background's border colours around that plane: high for busy, many-coloured backgrounds. */
  spread: number;
  /** Share of border pixels that are not background: where the subject meets the frame. */
  subjectOnBorder: number;
}

const MAX_CLUSTERS = 24;

/** Indices of the working image's border pixels, clockwise from the top-left, with their edge (0 top, 1 right, 2 bottom, 3 left). */
function borderPixels(w: number, h: number): { index: Int32Array; edge: Uint8Array } {
  const index: number[] = [];
  const edge: number[] = [];
  const add = (x: number, y: number, e: number) => {
    index.push(y * w + x);
    edge.push(e);
  };
  for (let x = 0; x < w; x++) add(x, 0, 0);
  for (let y = 1; y < h; y++) add(w - 1, y, 1);
  if (h > 1) for (let x = w - 2; x >= 0; x--) add(x, h - 1, 2);
  if (w > 1) for (let y = h - 2; y > 0; y--) add(0, y, 3);
  return { index: Int32Array.from(index), edge: Uint8Array.from(edge) };
}

const dist2 = (lab: Float32Array, p: number, c: Float32Array | number[], k: number) => {
  const dl = lab[p * 3]! - c[k * 3]!;
  const da = lab[p * 3 + 1]! - c[k * 3 + 1]!;
  const db = lab[p * 3 + 2]! - c[k * 3 + 2]!;
  return dl * dl + da * da + db * db;
};

/**
 * Clusters the border's colours, following it round so a gradient becomes a chain of nearby
 * clusters. A cluster is background when it lies along two edges or a quarter of the border;
 * one on a single edge only is the subject running out of the frame (a bust cut at the bottom).
 */
export function estimateBackground(img: WorkImage): BackgroundModel {
  const { lab, transparent } = img;
  const { index, edge } = borderPixels(img.width, img.height);
  const opaque = Array.from(index.keys()).filter((i) => transparent[index[i]!] === 0);
  const subjectFree = index.length - opaque.length;
  // Texture level: the median colour step between neighbouring border pixels.
  const steps = opaque.slice(1).map((i, k) => Math.sqrt(dist2(lab, index[i]!, lab.subarray(index[opaque[k]!]! * 3, index[opaque[k]!]! * 3 + 3), 0)));
  const sorted = [...steps].sort((a, b) => a - b);
  const texture = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const radius = Math.max(6, 2.5 * texture);
  const centres: number[] = [];
  const sums: number[] = [];
  const assigned = new Int32Array(index.length).fill(-1);
  for (const i of opaque) {
    const p = index[i]!;
    let best = -1;
    let bestD = radius * radius;
    for (let k = 0; k < centres.length / 3; k++) {
      const d = dist2(lab, p, centres, k);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best < 0 && centres.length / 3 < MAX_CLUSTERS * 2) {
      best = centres.length / 3;
      centres.push(lab[p * 3]!, lab[p * 3 + 1]!, lab[p * 3 + 2]!);
      sums.push(0, 0, 0, 0);
    }
    if (best < 0) continue;
    assigned[i] = best;
    sums[best * 4]! += lab[p * 3]!;
    sums[best * 4 + 1]! += lab[p * 3 + 1]!;
    sums[best * 4 + 2]! += lab[p * 3 + 2]!;
    sums[best * 4 + 3]! += 1;
  }
  const clusters = centres.length / 3;
  // Clusters that follow one another along the border without a jump belong together: a gradient
  // is one chain round the frame, while the subject's edge is a jump away from its neighbours.
  const parent = Array.from({ length: clusters }, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  for (let j = 1; j < opaque.length; j++) {
    const a = assigned[opaque[j - 1]!]!;
    const b = assigned[opaque[j]!]!;
    if (a >= 0 && b >= 0 && steps[j - 1]! < radius) parent[find(a)] = find(b);
  }
  const perEdge = Array.from({ length: clusters }, () => [0, 0, 0, 0]);
  const edgeTotals = [0, 0, 0, 0];
  for (let i = 0; i < index.length; i++) {
    edgeTotals[edge[i]!]! += 1;
    if (assigned[i]! >= 0) perEdge[assigned[i]!]![edge[i]!]! += 1;
  }
  const n = Math.max(1, opaque.length);
  const groupEdges = new Map<number, number[]>();
  const groupCount = new Map<number, number>();
  for (let k = 0; k < clusters; k++) {
    const g = find(k);
    const acc = groupEdges.get(g) ?? [0, 0, 0, 0];
    perEdge[k]!.forEach((c, e) => (acc[e]! += c));
    groupEdges.set(g, acc);
    groupCount.set(g, (groupCount.get(g) ?? 0) + sums[k * 4 + 3]!);
  }
  const isBackground = (k: number) => {
    const g = find(k);
    const edges = groupEdges.get(g)!.filter((c, e) => c >= Math.max(2, 0.02 * edgeTotals[e]!)).length;
    return edges >= 2 || groupCount.get(g)! >= 0.25 * n;
  };
  let keep = Array.from({ length: clusters }, (_, k) => k).filter(isBackground);
  if (keep.length === 0 && clusters > 0) keep = [Array.from({ length: clusters }, (_, k) => k).sort((a, b) => sums[b * 4 + 3]! - sums[a * 4 + 3]!)[0]!];
  keep = keep.sort((a, b) => sums[b * 4 + 3]! - sums[a * 4 + 3]!).slice(0, MAX_CLUSTERS);
  const out = new Float32Array(keep.length * 3);
  keep.forEach((k, j) => {
    const c = Math.max(1, sums[k * 4 + 3]!);
    out[j * 3] = sums[k * 4]! / c;
    out[j * 3 + 1] = sums[k * 4 + 1]! / c;
    out[j * 3 + 2] = sums[k * 4 + 2]! / c;
  });
  const kept = new Set(keep);
  const plane = fitPlane(img, opaque.filter((i) => kept.has(assigned[i]!)).map((i) => index[i]!));
  let noiseSum = 0;
  let noiseCount = 0;
  let spreadSum = 0;
  let onSubject = 0;
  for (const i of opaque) {
    const p = index[i]!;
    if (!kept.has(assigned[i]!)) {
      onSubject++;
      continue;
    }
    noiseSum += nearestDist2(lab, p, out);
    spreadSum += planeDist2(img, p, plane);
    noiseCount++;
  }
  return {
    centres: out,
    plane,
    noise: Math.sqrt(noiseSum / Math.max(1, noiseCount)),
    spread: Math.sqrt(spreadSum / Math.max(1, noiseCount)),
    subjectOnBorder: onSubject / Math.max(1, subjectFree + opaque.length),
  };
}

export function nearestDist2(lab: Float32Array, p: number, centres: Float32Array): number {
  return nearestCentre2(centres, lab[p * 3]!, lab[p * 3 + 1]!, lab[p * 3 + 2]!);
}

function nearestCentre2(centres: Float32Array, L: number, A: number, B: number): number {
  let best = Infinity;
  for (let k = 0; k < centres.length; k += 3) {
    const dl = L - centres[k]!;
    const da = A - centres[k + 1]!;
    const db = B - centres[k + 2]!;
    const d = dl * dl + da * da + db * db;
    if (d < best) best = d;
  }
  return best;
}

/** Squared Lab distance of a colour at (u, v) (0–1 across the region) to the background: its nearest cluster or the plane. */
export function backgroundDist2(model: BackgroundModel, L: number, A: number, B: number, u: number, v: number): number {
  const q = model.plane;
  const dl = L - (q[0]! + q[1]! * u + q[2]! * v);
  const da = A - (q[3]! + q[4]! * u + q[5]! * v);
  const db = B - (q[6]! + q[7]! * u + q[8]! * v);
  return Math.min(nearestCentre2(model.centres, L, A, B), dl * dl + da * da + db * db);
}

/** Least-squares plane through the background border samples, per Lab channel: 9 numbers. */
function fitPlane(img: WorkImage, pixels: number[]): Float64Array {
  const m = new Float64Array(9);
  const rhs = new Float64Array(9);
  for (const p of pixels) {
    const x = (p % img.width) / img.width;
    const y = Math.floor(p / img.width) / img.height;
    const basis = [1, x, y];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) m[i * 3 + j]! += basis[i]! * basis[j]!;
      for (let c = 0; c < 3; c++) rhs[c * 3 + i]! += basis[i]! * img.lab[p * 3 + c]!;
    }
  }
  const out = new Float64Array(9);
  for (let c = 0; c < 3; c++) {
    const sol = solve3(m, rhs.subarray(c * 3, c * 3 + 3));
    out.set(sol, c * 3);
  }
  return out;
}

/** Cramer's rule; a degenerate system (too few samples) falls back to the samples' mean. */
function solve3(m: Float64Array, b: Float64Array): number[] {
  const det = (a: ArrayLike<number>) => a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) - a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) + a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const d = det(m);
  if (Math.abs(d) < 1e-9) return [m[0]! > 0 ? b[0]! / m[0]! : 0, 0, 0];
  return [0, 1, 2].map((col) => {
    const a = Array.from(m);
    for (let r = 0; r < 3; r++) a[r * 3 + col] = b[r]!;
    return det(a) / d;
  });
}

export function planeDist2(img: WorkImage, p: number, plane: Float64Array): number {
  const x = (p % img.width) / img.width;
  const y = Math.floor(p / img.width) / img.height;
  let sum = 0;
  for (let c = 0; c < 3; c++) {
    const d = img.lab[p * 3 + c]! - (plane[c * 3]! + plane[c * 3 + 1]! * x + plane[c * 3 + 2]! * y);
    sum += d * d;
  }
  return sum;
}
