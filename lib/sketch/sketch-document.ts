import "client-only";
import { BoundedHistory, boxHeight, boxWidth, cropPixels, emptyBox, growBox, intersectBox, isEmptyBox, readRegion, swapPatch, type Box, type Patch } from "../mask/history";
import { PAPER, pressureWidth, segmentBox, segmentWidth, type SketchPoint } from "./stroke";

/**
 * A sketch being drawn: an opaque canvas at the panel's image size, white paper with grey marks.
 * The canvas is the one on screen (scaled by CSS), so a stroke's pixels are drawn once, where
 * they are seen. Every change is one undo step of patches: the pixels it replaced, kept per
 * 256 px tile and cropped to what the change reached. The pixels are opaque, so reading them back
 * and putting them again is exact.
 */
interface Capture {
  tile: Box;
  before: ImageData;
  dirty: Box;
}
interface Step {
  bytes: number;
  patches: Patch[];
}

/** One straight piece of a mark: the document's strokes and the editor's line preview draw alike. */
export function drawSegment(ctx: CanvasRenderingContext2D, from: SketchPoint, to: SketchPoint, width: number): void {
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
}

const TILE = 256;
const DEFAULT_BUDGET = 96 * 1024 * 1024;
const STEP_OVERHEAD = 64;

export class SketchDocument {
  readonly width: number;
  readonly height: number;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly history: BoundedHistory<Step>;
  private readonly listeners = new Set<() => void>();
  private readonly columns: number;
  private stroke: { color: string; size: number; last: SketchPoint; captures: Map<number, Capture> } | null = null;
  /** Changes (strokes, clears, undos, redos) since the sketch was opened: the editor asks before discarding any. */
  changes = 0;

  constructor(
    readonly canvas: HTMLCanvasElement,
    width: number,
    height: number,
    options?: { historyBudgetBytes?: number },
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new RangeError(`sketch size must be positive whole pixels, got ${width}×${height}`);
    }
    this.width = canvas.width = width;
    this.height = canvas.height = height;
    const ctx = canvas.getContext("2d", { alpha: false });
    if (!ctx) throw new Error("This browser cannot create a 2D canvas for the sketch");
    this.ctx = ctx;
    ctx.lineCap = ctx.lineJoin = "round";
    ctx.fillStyle = PAPER;
    ctx.fillRect(0, 0, width, height);
    this.columns = Math.ceil(width / TILE);
    this.history = new BoundedHistory<Step>(options?.historyBudgetBytes ?? DEFAULT_BUDGET);
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }
  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /** Puts a saved sketch on the paper to draw on further: scaled to fit, centred, never an undo step. */
  load(image: CanvasImageSource & { width: number; height: number }): void {
    const scale = Math.min(this.width / image.width, this.height / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    this.ctx.fillStyle = PAPER;
    this.ctx.fillRect(0, 0, this.width, this.height);
    this.ctx.drawImage(image, (this.width - w) / 2, (this.height - h) / 2, w, h);
    this.history.clear();
    this.changes = 0;
    this.emit();
  }

  beginStroke(color: string, size: number, point: SketchPoint): Box {
    if (this.stroke) this.endStroke();
    this.stroke = { color, size, last: point, captures: new Map() };
    const radius = pressureWidth(size, point.pressure) / 2;
    const box = this.touch(segmentBox(point, point, radius * 2, this.width, this.height));
    if (!isEmptyBox(box)) {
      this.ctx.fillStyle = color;
      this.ctx.beginPath();
      this.ctx.arc(point.x, point.y, radius, 0, 2 * Math.PI);
      this.ctx.fill();
    }
    return box;
  }

  extendStroke(points: SketchPoint[]): Box {
    const stroke = this.stroke;
    const touched = emptyBox();
    if (!stroke) return touched;
    const ctx = this.ctx;
    ctx.strokeStyle = stroke.color;
    for (const point of points) {
      const from = stroke.last;
      stroke.last = point;
      if (point.x === from.x && point.y === from.y) continue;
      const width = segmentWidth(stroke.size, from, point);
      // Snapshot before drawing: touch() keeps the tiles this segment reaches for the first time.
      const box = this.touch(segmentBox(from, point, width, this.width, this.height));
      if (isEmptyBox(box)) continue;
      growBox(touched, box);
      drawSegment(ctx, from, point, width);
    }
    return touched;
  }

  /** Ends the stroke as one undo step. */
  endStroke(): void {
    const stroke = this.stroke;
    if (!stroke) return;
    this.stroke = null;
    const patches: Patch[] = [];
    let bytes = STEP_OVERHEAD;
    for (const { tile, before, dirty } of stroke.captures.values()) {
      const whole = boxWidth(dirty) === boxWidth(tile) && boxHeight(dirty) === boxHeight(tile);
      patches.push({ box: dirty, pixels: whole ? before : cropPixels(before, tile, dirty) });
      bytes += boxWidth(dirty) * boxHeight(dirty) * 4;
    }
    if (patches.length > 0) this.record({ bytes, patches });
  }

  /** Takes back the stroke in progress (a second finger, a cancelled pointer, Shift turning it into a line). */
  cancelStroke(): void {
    const stroke = this.stroke;
    if (!stroke) return;
    this.stroke = null;
    for (const { tile, before } of stroke.captures.values()) this.ctx.putImageData(before, tile.x0, tile.y0);
  }

  /** A ruled line, one undo step; its width follows the pressure it was started with. */
  drawLine(color: string, size: number, from: SketchPoint, to: SketchPoint): void {
    this.beginStroke(color, size, from);
    this.extendStroke([{ ...to, pressure: from.pressure }]);
    this.endStroke();
  }

  /** Blank paper again, as one undo step. */
  clear(): void {
    this.endStroke();
    const box: Box = { x0: 0, y0: 0, x1: this.width, y1: this.height };
    const before = readRegion(this.ctx, box);
    this.ctx.fillStyle = PAPER;
    this.ctx.fillRect(0, 0, this.width, this.height);
    this.record({ bytes: STEP_OVERHEAD + this.width * this.height * 4, patches: [{ box, pixels: before }] });
  }

  undo(): boolean {
    this.endStroke();
    return this.swap(this.history.undo());
  }

  redo(): boolean {
    this.endStroke();
    return this.swap(this.history.redo());
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  exportPng(): Promise<Blob> {
    return new Promise((resolve, reject) =>
      this.canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The sketch could not be encoded as PNG."))), "image/png"),
    );
  }

  private swap(step: Step | null): boolean {
    if (!step) return false;
    // Undo and redo are the same exchange: the canvas and the stored pixels trade places.
    for (const patch of step.patches) swapPatch(this.ctx, patch);
    this.changed();
    return true;
  }

  private record(step: Step): void {
    this.history.push(step);
    this.changed();
  }

  private changed(): void {
    this.changes += 1;
    this.emit();
  }

  /** Keeps the pixels of every tile `box` reaches for the first time in this stroke, and grows what the stroke changed. */
  private touch(box: Box): Box {
    const captures = this.stroke!.captures;
    if (isEmptyBox(box)) return box;
    for (let ty = Math.floor(box.y0 / TILE); ty * TILE < box.y1; ty++) {
      for (let tx = Math.floor(box.x0 / TILE); tx * TILE < box.x1; tx++) {
        const key = ty * this.columns + tx;
        let capture = captures.get(key);
        if (!capture) {
          const tile = intersectBox({ x0: 0, y0: 0, x1: this.width, y1: this.height }, { x0: tx * TILE, y0: ty * TILE, x1: (tx + 1) * TILE, y1: (ty + 1) * TILE });
          capture = { tile, before: readRegion(this.ctx, tile), dirty: emptyBox() };
          captures.set(key, capture);
        }
        growBox(capture.dirty, intersectBox(box, capture.tile));
      }
    }
    return box;
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
