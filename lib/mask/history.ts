/**
 * Undo/redo stacks held within a memory budget. DOM-free so its eviction rules can be unit tested;
 * what a step contains and how it is applied belong to the caller.
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
