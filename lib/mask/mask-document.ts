import "client-only";
import { ALPHA_HALF_BIT, decodePngPixels, encodeMaskPng, maskToCoverage } from "./export";
import { BoundedHistory, boxHeight, boxWidth, cropPixels, emptyBox, growBox, intersectBox, isEmptyBox, readRegion, swapPatch, TileCounts } from "./history";
import type { Box, Context, Patch } from "./history";
import type { BinaryMask } from "./auto/types";
import type { Point } from "./shapes";

/** @public For the e2e tests, which load this module in the page (see readMaskPixels). */
export { readMaskPixels } from "./export";

export type MaskTool = "brush" | "eraser";
/** x, y in reference-image pixels; pressure 0..1 (mouse: 1). */
export interface StrokePoint {
  x: number;
  y: number;
  pressure: number;
}
export interface DirtyRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Capture {
  tile: Box;
  before: ImageData;
  dirty: Box;
}
type Step =
  | { kind: "stroke"; bytes: number; box: Box; patches: Patch[] }
  | { kind: "replace"; bytes: number; op: "clear" | "fill"; before: ImageData | null; counts: Int32Array; wasBlank: boolean }
  | { kind: "invert"; bytes: number };

/** Snapshots are taken per tile, the first time a stroke reaches it, so no stroke reads the whole canvas. */
const TILE = 256;
const DEFAULT_BUDGET = 128 * 1024 * 1024;
/** Bookkeeping per step, so even pixel-free steps (invert) count against the budget. */
const STEP_OVERHEAD = 64;

function createCanvas(width: number, height: number): { canvas: OffscreenCanvas | HTMLCanvasElement; ctx: Context } {
  const canvas = typeof OffscreenCanvas !== "undefined" ? new OffscreenCanvas(width, height) : Object.assign(document.createElement("canvas"), { width, height });
  const ctx = canvas.getContext("2d") as Context | null;
  if (!ctx) throw new Error("This browser cannot create a 2D canvas for the mask");
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = ctx.strokeStyle = "#fff";
  ctx.lineCap = ctx.lineJoin = "round";
  return { canvas, ctx };
}

const toRect = (b: Box): DirtyRect =>
  isEmptyBox(b) ? { x: 0, y: 0, width: 0, height: 0 } : { x: b.x0, y: b.y0, width: boxWidth(b), height: boxHeight(b) };
const pressureScale = (p: number) => Math.max(0.1, Number.isFinite(p) ? Math.min(1, p) : 1);

export class MaskDocument {
  readonly width: number;
  readonly height: number;
  readonly canvas: OffscreenCanvas | HTMLCanvasElement;
  private readonly ctx: Context;
  private readonly history: BoundedHistory<Step>;
  private readonly listeners = new Set<() => void>();
  private readonly counts: TileCounts;
  /** True only when every pixel is known to be fully transparent, so clearing needs no snapshot. */
  private blank = true;
  private stroke: { tool: MaskTool; size: number; last: StrokePoint; captures: Map<number, Capture> } | null = null;

  constructor(width: number, height: number, options?: { historyBudgetBytes?: number }) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new RangeError(`mask size must be positive whole pixels, got ${width}×${height}`);
    }
    this.width = width;
    this.height = height;
    ({ canvas: this.canvas, ctx: this.ctx } = createCanvas(width, height));
    this.counts = new TileCounts(width, height, TILE);
    this.history = new BoundedHistory<Step>(options?.historyBudgetBytes ?? DEFAULT_BUDGET);
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }
  get canRedo(): boolean {
    return this.history.canRedo;
  }
  get historyBytes(): number {
    return this.history.bytes;
  }
  /** True only when every pixel is known to be transparent (new or just cleared): there is nothing to draw. */
  get knownBlank(): boolean {
    return this.blank;
  }

  beginStroke(tool: MaskTool, size: number, point: StrokePoint): DirtyRect {
    if (this.stroke) this.endStroke();
    if (!(size > 0)) throw new RangeError("brush size must be positive");
    this.stroke = { tool, size, last: point, captures: new Map() };
    this.blank = false;
    this.ctx.globalCompositeOperation = tool === "eraser" ? "destination-out" : "source-over";
    const radius = (size * pressureScale(point.pressure)) / 2;
    const box = this.touch(point, point, radius);
    if (!isEmptyBox(box)) {
      this.ctx.beginPath();
      this.ctx.arc(point.x, point.y, radius, 0, 2 * Math.PI);
      this.ctx.fill();
    }
    return toRect(box);
  }

  extendStroke(points: StrokePoint[]): DirtyRect {
    const stroke = this.stroke;
    const touched = emptyBox();
    if (!stroke) return toRect(touched);
    const ctx = this.ctx;
    ctx.globalCompositeOperation = stroke.tool === "eraser" ? "destination-out" : "source-over";
    for (const point of points) {
      const from = stroke.last;
      stroke.last = point;
      if (point.x === from.x && point.y === from.y) continue;
      const width = stroke.size * pressureScale((from.pressure + point.pressure) / 2);
      // Snapshot before drawing: touch() captures any tile this segment reaches for the first time.
      const box = this.touch(from, point, width / 2);
      if (isEmptyBox(box)) continue;
      growBox(touched, box);
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(point.x, point.y);
      ctx.stroke();
    }
    return toRect(touched);
  }

  endStroke(): void {
    const stroke = this.stroke;
    if (!stroke) return;
    this.stroke = null;
    this.ctx.globalCompositeOperation = "source-over";
    const patches: Patch[] = [];
    const box = emptyBox();
    let bytes = STEP_OVERHEAD;
    for (const { tile, before, dirty } of stroke.captures.values()) {
      // Keep only the part of the tile the stroke reached: a thin stroke costs little history.
      const w = boxWidth(dirty);
      const h = boxHeight(dirty);
      const pixels = w === boxWidth(tile) && h === boxHeight(tile) ? before : cropPixels(before, tile, dirty);
      patches.push({ box: dirty, pixels });
      growBox(box, dirty);
      bytes += w * h * 4;
    }
    if (patches.length > 0) this.history.push({ kind: "stroke", bytes, box, patches });
    this.emit();
  }

  cancelStroke(): void {
    const stroke = this.stroke;
    if (!stroke) return;
    this.stroke = null;
    for (const { tile, before } of stroke.captures.values()) this.ctx.putImageData(before, tile.x0, tile.y0);
    this.emit();
  }

  /**
   * Fills a closed outline (the rectangle and lasso tools), or clears it with the eraser, as one
   * undo step: it is recorded like a stroke, keeping only the tiles its bounds reach.
   */
  fillShape(outline: readonly Point[], tool: MaskTool = "brush"): DirtyRect {
    this.endStroke();
    const [first, ...rest] = outline;
    if (!first || rest.length < 2) return toRect(emptyBox());
    const xs = outline.map((p) => p.x);
    const ys = outline.map((p) => p.y);
    this.stroke = { tool, size: 1, last: { ...first, pressure: 1 }, captures: new Map() };
    const box = this.touch({ x: Math.min(...xs), y: Math.min(...ys), pressure: 1 }, { x: Math.max(...xs), y: Math.max(...ys), pressure: 1 }, 0);
    this.blank = false;
    const ctx = this.ctx;
    ctx.globalCompositeOperation = tool === "eraser" ? "destination-out" : "source-over";
    ctx.beginPath();
    ctx.moveTo(first.x, first.y);
    for (const p of rest) ctx.lineTo(p.x, p.y);
    ctx.closePath();
    // Nonzero: a lasso that crosses itself is filled whole, as people expect, not with holes.
    ctx.fill("nonzero");
    this.endStroke();
    return toRect(box);
  }

  clear(): void {
    this.replace("clear");
  }
  fillAll(): void {
    this.replace("fill");
  }

  invert(): void {
    this.endStroke();
    this.applyInvert();
    this.history.push({ kind: "invert", bytes: STEP_OVERHEAD });
    this.emit();
  }

  /**
   * Puts a whole binary mask (an automatic proposal, a wand region, a refined mask) into the
   * document as one undo step: "replace" takes it as is, "add" and "remove" combine it with what is
   * painted. Recorded like a stroke over the whole canvas, so undo and redo swap it back.
   */
  applyBinaryMask(mask: BinaryMask, mode: "replace" | "add" | "remove" = "replace"): DirtyRect {
    this.endStroke();
    if (mask.width !== this.width || mask.height !== this.height) {
      throw new RangeError(`the mask is ${mask.width}×${mask.height} but the document is ${this.width}×${this.height}`);
    }
    const box = this.fullBox();
    const before = readRegion(this.ctx, box);
    const after = new ImageData(this.width, this.height);
    const out = new Uint32Array(after.data.buffer);
    const current = new Uint32Array(before.data.buffer);
    // Opaque white in either byte order; coverage pixels are white, so only alpha matters.
    const on = 0xffffffff;
    for (let i = 0; i < out.length; i++) {
      const painted = (current[i]! & ALPHA_HALF_BIT) !== 0;
      const marked = mask.data[i] === 1;
      const keep = mode === "replace" ? marked : mode === "add" ? painted || marked : painted && !marked;
      out[i] = keep ? on : 0;
    }
    this.ctx.globalCompositeOperation = "source-over";
    this.ctx.putImageData(after, 0, 0);
    this.blank = false;
    this.counts.forget(box);
    const bytes = STEP_OVERHEAD + this.width * this.height * 4;
    // Unrecordable: older steps would restore pixels into a canvas they no longer describe.
    if (bytes > this.history.budgetBytes) this.history.clear();
    else this.history.push({ kind: "stroke", bytes, box, patches: [{ box, pixels: before }] });
    this.emit();
    return toRect(box);
  }

  /** The document as one byte per pixel (1 = character), for the automatic tools. */
  toBinaryMask(): BinaryMask {
    const { data } = this.ctx.getImageData(0, 0, this.width, this.height);
    const pixels = new Uint32Array(data.buffer, data.byteOffset, data.length / 4);
    const mask = new Uint8Array(pixels.length);
    for (let i = 0; i < pixels.length; i++) mask[i] = (pixels[i]! & ALPHA_HALF_BIT) !== 0 ? 1 : 0;
    return { width: this.width, height: this.height, data: mask };
  }

  undo(): DirtyRect | null {
    this.endStroke();
    const step = this.history.undo();
    if (!step) return null;
    if (step.kind === "stroke") this.swapPatches(step.patches);
    else if (step.kind === "invert") this.applyInvert();
    else {
      if (step.before) this.ctx.putImageData(step.before, 0, 0);
      else this.ctx.clearRect(0, 0, this.width, this.height);
      this.counts.values.set(step.counts);
      this.blank = step.wasBlank;
    }
    this.emit();
    return step.kind === "stroke" ? toRect(step.box) : this.fullRect();
  }

  redo(): DirtyRect | null {
    this.endStroke();
    const step = this.history.redo();
    if (!step) return null;
    if (step.kind === "stroke") this.swapPatches(step.patches);
    else if (step.kind === "invert") this.applyInvert();
    else this.applyReplace(step.op);
    this.emit();
    return step.kind === "stroke" ? toRect(step.box) : this.fullRect();
  }

  /** Exact fraction of pixels the export would mark as character; only tiles changed since the last call are read. */
  coverage(): number {
    return this.counts.total(this.ctx) / (this.width * this.height);
  }

  isEmpty(): boolean {
    return this.blank || this.coverage() === 0;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async exportPng(options?: { invertPolarity?: boolean }): Promise<Blob> {
    const { data } = this.ctx.getImageData(0, 0, this.width, this.height);
    return new Blob([encodeMaskPng(data, this.width, this.height, options?.invertPolarity)], { type: "image/png" });
  }

  static async fromPng(
    blob: Blob,
    width: number,
    height: number,
    options?: { invertPolarity?: boolean; historyBudgetBytes?: number },
  ): Promise<MaskDocument> {
    const mask = decodePngPixels(new Uint8Array(await blob.arrayBuffer()));
    const doc = new MaskDocument(width, height, options);
    const { rgba, tileCounts } = maskToCoverage(mask, options?.invertPolarity ?? false, TILE);
    const image = new ImageData(rgba, mask.width, mask.height);
    if (mask.width === width && mask.height === height) {
      doc.ctx.putImageData(image, 0, 0);
      doc.counts.values.set(tileCounts);
      doc.blank = tileCounts.every((count) => count === 0);
    } else {
      // A mask made for another size of the reference: stretch it (hard edges kept), recount later.
      const source = createCanvas(mask.width, mask.height);
      source.ctx.putImageData(image, 0, 0);
      doc.ctx.drawImage(source.canvas, 0, 0, mask.width, mask.height, 0, 0, width, height);
      doc.counts.values.fill(TileCounts.UNKNOWN);
      doc.blank = false;
    }
    return doc;
  }

  /** Pads the segment by the brush radius, snapshots newly reached tiles, and returns the clamped box. */
  private touch(from: StrokePoint, to: StrokePoint, radius: number): Box {
    const pad = radius + 2; // antialiasing reaches about a pixel past the radius
    const box: Box = {
      x0: Math.max(0, Math.floor(Math.min(from.x, to.x) - pad)),
      y0: Math.max(0, Math.floor(Math.min(from.y, to.y) - pad)),
      x1: Math.min(this.width, Math.ceil(Math.max(from.x, to.x) + pad)),
      y1: Math.min(this.height, Math.ceil(Math.max(from.y, to.y) + pad)),
    };
    const captures = this.stroke!.captures;
    if (isEmptyBox(box)) return box;
    for (let ty = Math.floor(box.y0 / TILE); ty * TILE < box.y1; ty++) {
      for (let tx = Math.floor(box.x0 / TILE); tx * TILE < box.x1; tx++) {
        const key = ty * this.counts.columns + tx;
        let capture = captures.get(key);
        if (!capture) {
          const tile = intersectBox(this.fullBox(), { x0: tx * TILE, y0: ty * TILE, x1: (tx + 1) * TILE, y1: (ty + 1) * TILE });
          capture = { tile, before: readRegion(this.ctx, tile), dirty: emptyBox() };
          captures.set(key, capture);
          this.counts.values[key] = TileCounts.UNKNOWN;
        }
        growBox(capture.dirty, intersectBox(box, capture.tile));
      }
    }
    return box;
  }

  private swapPatches(patches: Patch[]): void {
    for (const patch of patches) {
      swapPatch(this.ctx, patch);
      this.counts.forget(patch.box);
      this.blank = false;
    }
  }

  private replace(op: "clear" | "fill"): void {
    this.endStroke();
    const bytes = STEP_OVERHEAD + (this.blank ? 0 : this.width * this.height * 4);
    if (bytes > this.history.budgetBytes) {
      // Unrecordable: older steps would restore pixels into a canvas they no longer describe.
      this.history.clear();
      this.applyReplace(op);
    } else {
      const before = this.blank ? null : readRegion(this.ctx, this.fullBox());
      const step: Step = { kind: "replace", bytes, op, before, counts: this.counts.values.slice(), wasBlank: this.blank };
      this.applyReplace(op);
      this.history.push(step);
    }
    this.emit();
  }

  private applyReplace(op: "clear" | "fill"): void {
    this.ctx.globalCompositeOperation = "source-over";
    if (op === "clear") this.ctx.clearRect(0, 0, this.width, this.height);
    else this.ctx.fillRect(0, 0, this.width, this.height);
    this.blank = op === "clear";
    this.counts.setAll(op === "fill");
  }

  /** XOR with opaque white maps alpha a to 255 − a exactly, so applying it twice is the identity. */
  private applyInvert(): void {
    this.ctx.globalCompositeOperation = "xor";
    this.ctx.fillRect(0, 0, this.width, this.height);
    this.ctx.globalCompositeOperation = "source-over";
    this.blank = false;
    this.counts.invert();
  }

  private fullBox(): Box {
    return { x0: 0, y0: 0, x1: this.width, y1: this.height };
  }
  private fullRect(): DirtyRect {
    return toRect(this.fullBox());
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
