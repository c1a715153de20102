import { ALPHA_HALF_BIT } from "./export";

/**
 * Undo/redo stacks held within a memory budget. BoundedHistory is DOM-free so its eviction rules are
 * unit tested in Node (the canvas helpers below touch the DOM only when called); what a step
 * contains and how it is applied belong to the caller.
 */
export interface HistoryStep {
  /** Memory this step keeps alive; must not change while the step is in the history. */
  readonly bytes: number;
}

export class BoundedHistory<S extends HistoryStep> {
  private readonly done: S[] = [];
  private undone: S[] = [];
  private total = 0;

  /**
   * @param release called for every step the history lets go of (evicted, or discarded from the
   *   redo stack) so the caller can free what it holds.
   */
  constructor(
    readonly budgetBytes: number,
    private readonly release: (step: S) => void = () => {},
  ) {
    if (!(budgetBytes >= 0)) throw new RangeError("history budget must be a non-negative number of bytes");
  }

  get bytes(): number {
    return this.total;
  }
  get canUndo(): boolean {
    return this.done.length > 0;
  }
  get canRedo(): boolean {
    return this.undone.length > 0;
  }
  get undoDepth(): number {
    return this.done.length;
  }
  get redoDepth(): number {
    return this.undone.length;
  }

  /**
   * Records a new step. The redo stack is discarded (a new action forks history), then the oldest
   * steps are dropped until the total fits. A step larger than the whole budget is dropped too:
   * the action still happened, it just cannot be undone.
   */
  push(step: S): void {
    for (const discarded of this.undone) this.drop(discarded);
    this.undone = [];
    this.done.push(step);
    this.total += step.bytes;
    while (this.total > this.budgetBytes && this.done.length > 0) this.drop(this.done.shift()!);
  }

  /** The step to revert, now moved to the redo stack; null when there is nothing to undo. */
  undo(): S | null {
    const step = this.done.pop();
    if (!step) return null;
    this.undone.push(step);
    return step;
  }

  /** The step to re-apply, now back on the undo stack; null when there is nothing to redo. */
  redo(): S | null {
    const step = this.undone.pop();
    if (!step) return null;
    this.done.push(step);
    return step;
  }

  clear(): void {
    for (const step of [...this.done, ...this.undone]) this.drop(step);
    this.done.length = 0;
    this.undone = [];
  }

  private drop(step: S): void {
    this.total -= step.bytes;
    this.release(step);
  }
}

/*
 * The pixels mask steps hold, as ImageData: CPU memory that is counted exactly, and read with
 * getImageData of just the region. (Copying with drawImage from the document canvas makes Chromium
 * snapshot the whole 64 MB canvas, ~50 ms per tile at 4096².) Round trips are exact because every
 * coverage pixel is white: its premultiplied and straight forms convert without rounding.
 */

export type Context = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** Half-open pixel box [x0, x1) × [y0, y1). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const boxWidth = (b: Box) => b.x1 - b.x0;
export const boxHeight = (b: Box) => b.y1 - b.y0;
export const isEmptyBox = (b: Box) => b.x1 <= b.x0 || b.y1 <= b.y0;
export const emptyBox = (): Box => ({ x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity });
export const intersectBox = (a: Box, b: Box): Box => ({
  x0: Math.max(a.x0, b.x0),
  y0: Math.max(a.y0, b.y0),
  x1: Math.min(a.x1, b.x1),
  y1: Math.min(a.y1, b.y1),
});
export function growBox(target: Box, b: Box): void {
  target.x0 = Math.min(target.x0, b.x0);
  target.y0 = Math.min(target.y0, b.y0);
  target.x1 = Math.max(target.x1, b.x1);
  target.y1 = Math.max(target.y1, b.y1);
}

export const readRegion = (ctx: Context, box: Box): ImageData => ctx.getImageData(box.x0, box.y0, boxWidth(box), boxHeight(box));

/** The part `inner` (in the same coordinates as `outer`) of pixels read from `outer`. */
export function cropPixels(pixels: ImageData, outer: Box, inner: Box): ImageData {
  const w = boxWidth(inner);
  const crop = new ImageData(w, boxHeight(inner));
  for (let y = inner.y0; y < inner.y1; y++) {
    const from = ((y - outer.y0) * pixels.width + (inner.x0 - outer.x0)) * 4;
    crop.data.set(pixels.data.subarray(from, from + w * 4), (y - inner.y0) * w * 4);
  }
  return crop;
}

export interface Patch {
  box: Box;
  /** The pixels on the other side of the step: before-pixels while done, after-pixels while undone. */
  pixels: ImageData;
}

/**
 * Undo and redo of a patch are the same exchange: canvas pixels and stored pixels trade places,
 * so a stroke keeps one copy of what it touched instead of a before and an after.
 */
export function swapPatch(ctx: Context, patch: Patch): void {
  const current = readRegion(ctx, patch.box);
  ctx.putImageData(patch.pixels, patch.box.x0, patch.box.y0);
  patch.pixels = current;
}

/**
 * Painted-pixel count (alpha >= 128) per tile, so coverage() reads back only tiles that changed,
 * and clear, fill and invert update it without reading at all.
 */
export class TileCounts {
  static readonly UNKNOWN = -1;
  readonly columns: number;
  readonly values: Int32Array;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly tile: number,
  ) {
    this.columns = Math.ceil(width / tile);
    this.values = new Int32Array(this.columns * Math.ceil(height / tile));
  }

  area(key: number): number {
    const x0 = (key % this.columns) * this.tile;
    const y0 = Math.floor(key / this.columns) * this.tile;
    return (Math.min(this.width, x0 + this.tile) - x0) * (Math.min(this.height, y0 + this.tile) - y0);
  }

  forget(box: Box): void {
    for (let ty = Math.floor(box.y0 / this.tile); ty * this.tile < box.y1; ty++) {
      for (let tx = Math.floor(box.x0 / this.tile); tx * this.tile < box.x1; tx++) this.values[ty * this.columns + tx] = TileCounts.UNKNOWN;
    }
  }

  setAll(painted: boolean): void {
    for (let key = 0; key < this.values.length; key++) this.values[key] = painted ? this.area(key) : 0;
  }

  /** alpha >= 128 exactly when 255 − alpha < 128, so known counts of an inverted mask flip. */
  invert(): void {
    for (let key = 0; key < this.values.length; key++) {
      const count = this.values[key]!;
      if (count !== TileCounts.UNKNOWN) this.values[key] = this.area(key) - count;
    }
  }

  /** Total painted pixels, reading each row of tiles once, over the span of its unknown tiles. */
  total(ctx: Context): number {
    const { values, columns, tile } = this;
    for (let row = 0; row * tile < this.height; row++) {
      let first = -1;
      let last = -1;
      for (let column = 0; column < columns; column++) {
        if (values[row * columns + column] !== TileCounts.UNKNOWN) continue;
        if (first < 0) first = column;
        last = column;
      }
      if (first < 0) continue;
      const span: Box = { x0: first * tile, y0: row * tile, x1: Math.min(this.width, (last + 1) * tile), y1: Math.min(this.height, (row + 1) * tile) };
      const w = boxWidth(span);
      const { data } = readRegion(ctx, span);
      const pixels = new Uint32Array(data.buffer, data.byteOffset, data.length / 4);
      for (let column = first; column <= last; column++) {
        const key = row * columns + column;
        if (values[key] !== TileCounts.UNKNOWN) continue;
        const left = column * tile - span.x0;
        const right = Math.min(w, left + tile);
        let count = 0;
        for (let start = 0; start < pixels.length; start += w) {
          for (let i = start + left, end = start + right; i < end; i++) if ((pixels[i]! & ALPHA_HALF_BIT) !== 0) count++;
        }
        values[key] = count;
      }
    }
    let painted = 0;
    for (const count of values) painted += count;
    return painted;
  }
}
