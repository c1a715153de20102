/**
 * Connected regions of a one-byte-per-pixel plane, with one preallocated stack: no allocation per
 * pixel, so a 2048² mask labels in a few tens of milliseconds.
 */
export interface Components {
  /** Region number per pixel (1-based), 0 for pixels not of the value labelled. */
  labels: Int32Array;
  /** sizes[k] is the pixel count of region k (sizes[0] unused). */
  sizes: number[];
  /** touchesBorder[k]: region k reaches the plane's edge. */
  touchesBorder: boolean[];
}

export function labelComponents(data: Uint8Array, width: number, height: number, value: number, eightConnected: boolean): Components {
  const n = width * height;
  const labels = new Int32Array(n);
  const stack = new Int32Array(n);
  const sizes = [0];
  const touchesBorder = [false];
  for (let start = 0; start < n; start++) {
    if (data[start] !== value || labels[start] !== 0) continue;
    const label = sizes.length;
    let size = 0;
    let border = false;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    const visit = (q: number) => {
      if (data[q] === value && labels[q] === 0) {
        labels[q] = label;
        stack[top++] = q;
      }
    };
    while (top > 0) {
      const p = stack[--top]!;
      size++;
      const y = (p / width) | 0;
      const x = p - y * width;
      const left = x > 0;
      const right = x < width - 1;
      const up = y > 0;
      const down = y < height - 1;
      if (!left || !right || !up || !down) border = true;
      if (left) visit(p - 1);
      if (right) visit(p + 1);
      if (up) {
        visit(p - width);
        if (eightConnected && left) visit(p - width - 1);
        if (eightConnected && right) visit(p - width + 1);
      }
      if (down) {
        visit(p + width);
        if (eightConnected && left) visit(p + width - 1);
        if (eightConnected && right) visit(p + width + 1);
      }
    }
    sizes.push(size);
    touchesBorder.push(border);
  }
  return { labels, sizes, touchesBorder };
}

/**
 * Scanline flood fill: marks in `out` every pixel that is inside, connected (4-way) to a seed.
 * A pixel p is inside when `inside[p] === 1`, or with `keys`, when `inside[keys[p]] === 1` (the
 * wand's per-colour table, so only pixels the fill reaches are tested). Runs of a row are filled
 * at once, so a large region costs little more than one read per pixel.
 */
export function scanlineFill(inside: Uint8Array, width: number, height: number, seeds: Iterable<number>, out: Uint8Array, keys?: Int32Array): void {
  const open = keys ? (q: number) => inside[keys[q]!] === 1 && out[q] === 0 : (q: number) => inside[q] === 1 && out[q] === 0;
  // Runs, not pixels, wait on the stack, so it rarely needs more than a few thousand entries.
  let stack = new Int32Array(4096);
  let top = 0;
  const push = (q: number) => {
    if (top === stack.length) {
      const grown = new Int32Array(stack.length * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[top++] = q;
  };
  for (const s of seeds) if (open(s)) push(s);
  while (top > 0) {
    const p = stack[--top]!;
    if (out[p] === 1) continue;
    const y = Math.floor(p / width);
    const row = y * width;
    let x0 = p - row;
    while (x0 > 0 && open(row + x0 - 1)) x0--;
    let x1 = p - row;
    while (x1 < width - 1 && open(row + x1 + 1)) x1++;
    out.fill(1, row + x0, row + x1 + 1);
    for (const ny of [y - 1, y + 1]) {
      if (ny < 0 || ny >= height) continue;
      const nrow = ny * width;
      let inRun = false;
      for (let x = x0; x <= x1; x++) {
        const q = nrow + x;
        const fillable = open(q);
        if (fillable && !inRun) push(q);
        inRun = fillable;
      }
    }
  }
}
