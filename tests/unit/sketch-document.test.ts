import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SketchDocument } from "@/lib/sketch/sketch-document";
import { PAPER, pressureWidth } from "@/lib/sketch/stroke";

/*
 * The sketch document's history under Node: a fake 2D context that really rasterizes what the
 * document asks for (rectangles, round dots, thick segments) into RGBA pixels, so undo and redo
 * can be checked pixel for pixel. Antialiasing is the browser's business; the e2e test sees it.
 */
class ImageDataShim {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
  constructor(a: number | Uint8ClampedArray, b: number, c?: number) {
    if (typeof a === "number") [this.width, this.height, this.data] = [a, b, new Uint8ClampedArray(a * b * 4)];
    else [this.data, this.width, this.height] = [a, b, c ?? a.length / 4 / b];
  }
}

type Shape = { kind: "dot"; x: number; y: number; r: number } | { kind: "segment"; x0: number; y0: number; x1: number; y1: number };

class PixelContext {
  fillStyle = "#000000";
  strokeStyle = "#000000";
  lineWidth = 1;
  lineCap = "butt";
  lineJoin = "miter";
  readonly pixels: Uint8ClampedArray;
  private shape: Shape | null = null;
  private at = { x: 0, y: 0 };
  constructor(private readonly canvas: { width: number; height: number }) {
    this.pixels = new Uint8ClampedArray(canvas.width * canvas.height * 4);
  }
  /** Paints the pixels whose centres are inside the shape, looking only within [x0, x1) × [y0, y1). */
  private paint(colour: string, [x0, y0, x1, y1]: number[], inside: (x: number, y: number) => boolean) {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
    for (let y = Math.max(0, Math.floor(y0!)); y < Math.min(this.canvas.height, Math.ceil(y1!)); y++) {
      for (let x = Math.max(0, Math.floor(x0!)); x < Math.min(this.canvas.width, Math.ceil(x1!)); x++) {
        if (!inside(x + 0.5, y + 0.5)) continue;
        this.pixels.set([r!, g!, b!, 255], (y * this.canvas.width + x) * 4);
      }
    }
  }
  fillRect(x: number, y: number, w: number, h: number) {
    this.paint(this.fillStyle, [x, y, x + w, y + h], () => true);
  }
  beginPath() {
    this.shape = null;
  }
  arc(x: number, y: number, r: number) {
    this.shape = { kind: "dot", x, y, r };
  }
  moveTo(x: number, y: number) {
    this.at = { x, y };
  }
  lineTo(x: number, y: number) {
    this.shape = { kind: "segment", x0: this.at.x, y0: this.at.y, x1: x, y1: y };
  }
  fill() {
    const s = this.shape;
    if (s?.kind === "dot") this.paint(this.fillStyle, [s.x - s.r, s.y - s.r, s.x + s.r, s.y + s.r], (x, y) => Math.hypot(x - s.x, y - s.y) <= s.r);
  }
  stroke() {
    const s = this.shape;
    if (s?.kind !== "segment") return;
    const dx = s.x1 - s.x0;
    const dy = s.y1 - s.y0;
    const length2 = dx * dx + dy * dy || 1;
    const pad = this.lineWidth / 2;
    const box = [Math.min(s.x0, s.x1) - pad, Math.min(s.y0, s.y1) - pad, Math.max(s.x0, s.x1) + pad, Math.max(s.y0, s.y1) + pad];
    this.paint(this.strokeStyle, box, (x, y) => {
      const t = Math.max(0, Math.min(1, ((x - s.x0) * dx + (y - s.y0) * dy) / length2));
      return Math.hypot(x - (s.x0 + t * dx), y - (s.y0 + t * dy)) <= this.lineWidth / 2;
    });
  }
  getImageData(x: number, y: number, w: number, h: number) {
    const out = new ImageDataShim(w, h);
    for (let row = 0; row < h; row++) out.data.set(this.pixels.subarray(((y + row) * this.canvas.width + x) * 4, ((y + row) * this.canvas.width + x + w) * 4), row * w * 4);
    return out;
  }
  putImageData(image: ImageDataShim, x: number, y: number) {
    for (let row = 0; row < image.height; row++) this.pixels.set(image.data.subarray(row * image.width * 4, (row + 1) * image.width * 4), ((y + row) * this.canvas.width + x) * 4);
  }
}

class PixelCanvas {
  width = 0;
  height = 0;
  context: PixelContext | null = null;
  getContext() {
    return (this.context ??= new PixelContext(this));
  }
}

const INK = "#1c1c1c";
let canvas: PixelCanvas;
const pixels = () => Buffer.from(canvas.context!.pixels.slice().buffer);
const grey = (x: number, y: number) => canvas.context!.pixels[(y * canvas.width + x) * 4]!;
const blank = (data: Buffer) => data.every((v) => v === 255);
const newDoc = (width = 600, height = 300) => new SketchDocument(canvas as unknown as HTMLCanvasElement, width, height);
const p = (x: number, y: number, pressure = 0.5) => ({ x, y, pressure });
/** Rows of ink in one column: a stroke's thickness there. */
const thickness = (x: number, fromY: number, toY: number) => {
  let rows = 0;
  for (let y = fromY; y < toY; y++) if (grey(x, y) < 128) rows++;
  return rows;
};

beforeEach(() => {
  vi.stubGlobal("ImageData", ImageDataShim);
  canvas = new PixelCanvas();
});
afterEach(() => vi.unstubAllGlobals());

describe("SketchDocument", () => {
  it("starts as white paper at the panel's image size, and refuses sizes that are not whole pixels", () => {
    const doc = newDoc(600, 300);
    expect([canvas.width, canvas.height]).toEqual([600, 300]);
    expect(blank(pixels())).toBe(true);
    expect(doc.canUndo).toBe(false);
    expect(() => newDoc(0, 10)).toThrow(RangeError);
    expect(() => newDoc(10.5, 10)).toThrow(RangeError);
  });

  it("makes one stroke one undo step, across tiles, and undoes and redoes it pixel for pixel", () => {
    const doc = newDoc();
    const changes = vi.fn();
    doc.onChange(changes);
    doc.beginStroke(INK, 8, p(40, 150));
    // Crosses the 256 px tile edges at x = 256 and 512.
    doc.extendStroke([p(200, 140), p(300, 160)]);
    doc.extendStroke([p(560, 150)]);
    expect(changes).not.toHaveBeenCalled();
    doc.endStroke();
    expect(changes).toHaveBeenCalledTimes(1);
    const drawn = pixels();
    expect(grey(300, 160)).toBeLessThan(64);
    expect(grey(520, 150)).toBeLessThan(64);

    expect(doc.undo()).toBe(true);
    expect(blank(pixels())).toBe(true);
    expect(doc.canUndo).toBe(false);
    expect(doc.redo()).toBe(true);
    expect(pixels().equals(drawn)).toBe(true);
    expect(doc.undo() && doc.undo()).toBe(false);
    expect(doc.changes).toBe(4);
  });

  it("draws wider where the pen presses harder", () => {
    const doc = newDoc();
    doc.beginStroke(INK, 10, p(100, 60, 0.1));
    doc.extendStroke([p(500, 60, 0.1)]);
    doc.endStroke();
    doc.beginStroke(INK, 10, p(100, 200, 1));
    doc.extendStroke([p(500, 200, 1)]);
    doc.endStroke();
    const light = thickness(300, 0, 130);
    const hard = thickness(300, 130, 300);
    expect(light).toBeCloseTo(pressureWidth(10, 0.1), -0.5);
    expect(hard).toBeCloseTo(pressureWidth(10, 1), -0.5);
    expect(hard).toBeGreaterThan(light * 3);
  });

  it("erases by painting paper white, as an undoable step of its own", () => {
    const doc = newDoc();
    doc.drawLine(INK, 12, p(50, 100), p(550, 100));
    const inked = pixels();
    doc.beginStroke(PAPER, 30, p(300, 100));
    doc.extendStroke([p(320, 100)]);
    doc.endStroke();
    expect(grey(310, 100)).toBe(255);
    expect(grey(100, 100)).toBeLessThan(64);
    doc.undo();
    expect(pixels().equals(inked)).toBe(true);
  });

  it("rules a line as one step, with the width of the pressure it started with", () => {
    const doc = newDoc();
    doc.drawLine(INK, 10, p(20, 30, 1), p(580, 270, 0));
    expect(grey(300, 150)).toBeLessThan(64);
    expect(thickness(300, 100, 200)).toBeGreaterThan(pressureWidth(10, 0.9));
    doc.undo();
    expect(blank(pixels())).toBe(true);
  });

  it("takes back a cancelled stroke without a step, and finishes one in progress before undoing, so a stroke is never split", () => {
    const doc = newDoc();
    doc.beginStroke(INK, 6, p(10, 10));
    doc.extendStroke([p(590, 290)]);
    doc.cancelStroke();
    expect([blank(pixels()), doc.canUndo]).toEqual([true, false]);

    doc.beginStroke(INK, 6, p(10, 10));
    doc.extendStroke([p(200, 10)]);
    doc.undo();
    expect([blank(pixels()), doc.canRedo]).toEqual([true, true]);
  });

  it("clears as one undoable step, and a new stroke after an undo forgets the redo", () => {
    const doc = newDoc();
    doc.drawLine(INK, 6, p(10, 10), p(300, 200));
    const first = pixels();
    doc.clear();
    expect(blank(pixels())).toBe(true);
    doc.undo();
    expect(pixels().equals(first)).toBe(true);
    expect(doc.canRedo).toBe(true);
    doc.drawLine(INK, 6, p(10, 290), p(590, 290));
    expect(doc.canRedo).toBe(false);
    doc.undo();
    expect(pixels().equals(first)).toBe(true);
    doc.undo();
    expect(blank(pixels())).toBe(true);
  });
});
