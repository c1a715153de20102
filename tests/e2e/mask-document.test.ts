import { decode } from "fast-png";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as MaskModule from "@/lib/mask/mask-document";
import { MASK_BACKGROUND_VALUE, MASK_CHARACTER_VALUE } from "@/lib/mask/polarity";
import { launchChromium } from "../support/browser";
import { loadModule } from "../support/browser-bundle";

/**
 * The mask document in real Chromium: canvas compositing, readback and the hand-written PNG
 * encoder are exercised as users get them. Exported bytes are checked by three decoders
 * (fast-png, libvips via sharp, and Chromium's own).
 */

type Doc = MaskModule.MaskDocument;
type Point = [x: number, y: number, pressure?: number];
interface Helpers {
  /** Paints one stroke, feeding the points to extendStroke `chunk` at a time. */
  stroke(doc: Doc, tool: MaskModule.MaskTool, size: number, points: Point[], chunk?: number): void;
  /** The coverage canvas's RGBA, copied. */
  pixels(doc: Doc): Uint8ClampedArray;
  same(a: Uint8ClampedArray, b: Uint8ClampedArray): boolean;
  /** A fingerprint of the coverage canvas, for comparing many states without keeping them. */
  hash(doc: Doc): number;
  /** Pixels with alpha >= 128 in the coverage canvas. */
  painted(doc: Doc): number;
  bytes(blob: Blob): Promise<number[]>;
}
type PageWindow = Window & { Mask: typeof MaskModule; h: Helpers };

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent("<!doctype html><title>mask harness</title>");
  await loadModule(page, "lib/mask/mask-document.ts", "Mask");
  await page.evaluate(() => {
    const read = (doc: Doc) => {
      const ctx = doc.canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
      return ctx.getImageData(0, 0, doc.width, doc.height).data;
    };
    (window as unknown as PageWindow).h = {
      stroke(doc, tool, size, points, chunk = 4) {
        const at = ([x, y, pressure = 1]: Point) => ({ x, y, pressure });
        doc.beginStroke(tool, size, at(points[0]!));
        for (let i = 1; i < points.length; i += chunk) doc.extendStroke(points.slice(i, i + chunk).map(at));
        doc.endStroke();
      },
      pixels: (doc) => read(doc).slice(),
      same(a, b) {
        if (a.length !== b.length) return false;
        const x = new Uint32Array(a.buffer, a.byteOffset, a.length / 4);
        const y = new Uint32Array(b.buffer, b.byteOffset, b.length / 4);
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
        return true;
      },
      hash(doc) {
        const data = read(doc);
        const words = new Uint32Array(data.buffer, data.byteOffset, data.length / 4);
        let hash = 0x811c9dc5;
        for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i]!, 16777619) ^ i;
        return hash >>> 0;
      },
      painted(doc) {
        const data = read(doc);
        let count = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! >= 128) count++;
        return count;
      },
      bytes: async (blob) => Array.from(new Uint8Array(await blob.arrayBuffer())),
    };
  });
});
afterAll(async () => {
  await browser?.close();
});

/** Decodes an exported PNG in Node with fast-png, checking it is one 8-bit grey channel. */
function decodeMask(bytes: number[], width: number, height: number): Uint8Array {
  const png = decode(new Uint8Array(bytes));
  expect({ width: png.width, height: png.height, channels: png.channels, depth: png.depth }).toEqual({ width, height, channels: 1, depth: 8 });
  expect(bytes[25]).toBe(0); // IHDR colour type 0: greyscale
  return png.data as Uint8Array;
}

const C = MASK_CHARACTER_VALUE;
const B = MASK_BACKGROUND_VALUE;

describe("exporting", () => {
  it("writes a one-channel grey PNG of the document's size, character = MASK_CHARACTER_VALUE, thresholded at half alpha", async () => {
    const out = await page.evaluate(async () => {
      const { Mask, h } = window as unknown as PageWindow;
      const doc = new Mask.MaskDocument(301, 203);
      const ctx = doc.canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
      ctx.fillRect(40, 30, 100, 50); // opaque
      ctx.globalAlpha = 0.6;
      ctx.fillRect(200, 100, 20, 20); // alpha 153: character
      ctx.globalAlpha = 0.4;
      ctx.fillRect(250, 150, 20, 20); // alpha 102: background
      const normal = await doc.exportPng();
      const inverted = await doc.exportPng({ invertPolarity: true });
      // Chromium's own PNG decoder is a third, independent reader of the hand-written encoder.
      const bitmap = await createImageBitmap(normal);
      const view = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d")!;
      view.drawImage(bitmap, 0, 0);
      const rgba = view.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const inPage = await Mask.readMaskPixels(normal);
      return {
        type: normal.type,
        normal: await h.bytes(normal),
        inverted: await h.bytes(inverted),
        chromiumGrey: Array.from(rgba.filter((_, i) => i % 4 === 0)),
        inPage: { width: inPage.width, height: inPage.height, channels: inPage.channels, data: Array.from(inPage.data) },
      };
    });
    expect(out.type).toBe("image/png");
    const normal = decodeMask(out.normal, 301, 203);
    const inverted = decodeMask(out.inverted, 301, 203);
    const expected = new Uint8Array(301 * 203).fill(B);
    const paint = (x0: number, y0: number, w: number, h: number) => {
      for (let y = y0; y < y0 + h; y++) expected.fill(C, y * 301 + x0, y * 301 + x0 + w);
    };
    paint(40, 30, 100, 50);
    paint(200, 100, 20, 20);
    expect(Buffer.from(normal).equals(Buffer.from(expected))).toBe(true);
    expect(Buffer.from(inverted).equals(Buffer.from(expected.map((v) => 255 - v)))).toBe(true);
    expect(Buffer.from(out.chromiumGrey).equals(Buffer.from(expected))).toBe(true);
    expect(out.inPage).toEqual({ width: 301, height: 203, channels: 1, data: Array.from(expected) });
    const meta = await sharp(Buffer.from(out.normal)).metadata();
    expect({ channels: meta.channels, depth: meta.depth, space: meta.space }).toEqual({ channels: 1, depth: "uchar", space: "b-w" });
    const vips = await sharp(Buffer.from(out.normal)).toColourspace("b-w").raw().toBuffer();
    expect(vips.equals(Buffer.from(expected))).toBe(true);
  });

  it("encodes large, empty, full and noisy masks that every decoder reads back exactly", async () => {
    const cases = await page.evaluate(async () => {
      const { Mask, h } = window as unknown as PageWindow;
      const results: { width: number; height: number; bytes: number[]; painted: number }[] = [];
      const make = async (width: number, height: number, paint: (doc: Doc) => void) => {
        const doc = new Mask.MaskDocument(width, height);
        paint(doc);
        results.push({ width, height, bytes: await h.bytes(await doc.exportPng()), painted: h.painted(doc) });
      };
      await make(1, 1, () => {});
      await make(1, 1, (doc) => doc.fillAll());
      await make(2000, 1500, (doc) => h.stroke(doc, "brush", 300, [[100, 100], [1900, 1400], [100, 1400]]));
      await make(97, 61, (doc) => {
        const ctx = doc.canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
        for (let i = 0; i < 97 * 61; i++) if ((i * 2654435761) % 7 < 3) ctx.fillRect(i % 97, Math.floor(i / 97), 1, 1);
      });
      return results;
    });
    for (const { width, height, bytes, painted } of cases) {
      const grey = decodeMask(bytes, width, height);
      expect(grey.filter((v) => v === C).length).toBe(painted);
      expect(grey.every((v) => v === C || v === B)).toBe(true);
      const vips = await sharp(Buffer.from(bytes)).toColourspace("b-w").raw().toBuffer();
      expect(vips.equals(Buffer.from(grey))).toBe(true);
    }
  });

  it("loads an exported mask back with fromPng, in either polarity and at another size", async () => {
    const out = await page.evaluate(async () => {
      const { Mask, h } = window as unknown as PageWindow;
      const doc = new Mask.MaskDocument(640, 480);
      h.stroke(doc, "brush", 60, [[50, 50], [600, 400], [300, 60]]);
      h.stroke(doc, "eraser", 20, [[0, 240], [640, 240]]);
      const bits = (d: Doc) => h.pixels(d).filter((_, i) => i % 4 === 3).map((a) => (a >= 128 ? 1 : 0));
      const back = await Mask.MaskDocument.fromPng(await doc.exportPng(), 640, 480);
      const flipped = await Mask.MaskDocument.fromPng(await doc.exportPng({ invertPolarity: true }), 640, 480, { invertPolarity: true });
      const wrongPolarity = await Mask.MaskDocument.fromPng(await doc.exportPng({ invertPolarity: true }), 640, 480);
      const doubled = await Mask.MaskDocument.fromPng(await doc.exportPng(), 1280, 960);
      return {
        same: h.same(bits(doc), bits(back)) && h.same(bits(doc), bits(flipped)),
        coverage: [doc.coverage(), back.coverage(), flipped.coverage(), wrongPolarity.coverage(), doubled.coverage()],
        backCanUndo: back.canUndo,
      };
    });
    expect(out.same).toBe(true);
    const [original, back, flipped, wrong, doubled] = out.coverage as [number, number, number, number, number];
    expect(original).toBeGreaterThan(0.1);
    expect(back).toBe(original);
    expect(flipped).toBe(original);
    expect(wrong).toBeCloseTo(1 - original, 10);
    expect(doubled).toBeCloseTo(original, 2);
    expect(out.backCanUndo).toBe(false);
  });
});

describe("painting", () => {
  it("fills, clears and inverts coverage, each as one undoable step", async () => {
    const out = await page.evaluate(() => {
      const { Mask, h } = window as unknown as PageWindow;
      const doc = new Mask.MaskDocument(500, 300);
      const log: (number | boolean)[][] = [];
      const note = () => log.push([doc.coverage(), doc.isEmpty(), h.painted(doc) / (500 * 300)]);
      note();
      doc.fillAll();
      note();
      doc.clear();
      note();
      h.stroke(doc, "brush", 40, [[100, 100], [300, 150]]);
      const stroked = h.pixels(doc);
      note();
      doc.invert();
      note();
      doc.invert();
      const twiceInverted = h.same(stroked, h.pixels(doc));
      doc.undo();
      doc.undo(); // second invert, then first
      const undoneInverts = h.same(stroked, h.pixels(doc));
      doc.undo(); // the stroke
      doc.undo(); // the clear: back to full
      note();
      doc.undo(); // the fill: back to empty
      note();
      return { log, twiceInverted, undoneInverts, canUndo: doc.canUndo, canRedo: doc.canRedo };
    });
    const [empty, filled, cleared, stroked, inverted, refilled, emptied] = out.log as [number, boolean, number][];
    expect(empty).toEqual([0, true, 0]);
    expect(filled).toEqual([1, false, 1]);
    expect(cleared).toEqual([0, true, 0]);
    expect(stroked![0]).toBeGreaterThan(0.05);
    expect(stroked![0]).toBe(stroked![2]); // the tile cache agrees with a full read
    expect(inverted![0]).toBeCloseTo(1 - stroked![0], 12);
    expect(inverted![0]).toBe(inverted![2]);
    expect(refilled).toEqual([1, false, 1]);
    expect(emptied).toEqual([0, true, 0]);
    expect(out).toMatchObject({ twiceInverted: true, undoneInverts: true, canUndo: false, canRedo: true });
  });

  it("erases paint and draws thinner lines at lower pen pressure", async () => {
    const out = await page.evaluate(() => {
      const { Mask, h } = window as unknown as PageWindow;
      const line: Point[] = Array.from({ length: 40 }, (_, i) => [20 + i * 10, 200]);
      const pressed = (pressure: number) => {
        const doc = new Mask.MaskDocument(440, 400);
        h.stroke(doc, "brush", 40, line.map(([x, y]) => [x, y, pressure]));
        return h.painted(doc);
      };
      const doc = new Mask.MaskDocument(440, 400);
      doc.fillAll();
      h.stroke(doc, "eraser", 40, line);
      const data = h.pixels(doc);
      const alphaAt = (x: number, y: number) => data[(y * 440 + x) * 4 + 3];
      return { full: pressed(1), light: pressed(0.25), zero: pressed(0), erased: h.painted(doc), onLine: alphaAt(200, 200), offLine: alphaAt(200, 50) };
    });
    // 400 px long: ~400×40 at full pressure, ~400×10 at a quarter, never thinner than a tenth.
    expect(out.full).toBeGreaterThan(15000);
    expect(out.light).toBeLessThan(out.full * 0.35);
    expect(out.light).toBeGreaterThan(out.full * 0.2);
    expect(out.zero).toBeGreaterThan(1000);
    expect(out.erased).toBe(440 * 400 - out.full);
    expect(out.onLine).toBe(0);
    expect(out.offLine).toBe(255);
  });

  it("undoes and redoes a stroke of many extendStroke calls as one step, restoring exact pixels", async () => {
    const out = await page.evaluate(() => {
      const { Mask, h } = window as unknown as PageWindow;
      const doc = new Mask.MaskDocument(900, 700);
      const changes: string[] = [];
      doc.onChange(() => changes.push("change"));
      h.stroke(doc, "brush", 80, [[100, 100], [800, 600]]);
      h.stroke(doc, "eraser", 30, [[100, 600], [800, 100]]);
      const before = h.pixels(doc);
      const changesBefore = changes.length;
      // A wandering stroke across most tiles, 4 points per call as pointer events arrive.
      const points: Point[] = Array.from({ length: 301 }, (_, i) => [450 + 400 * Math.sin(i / 23), 350 + 300 * Math.cos(i / 31), 0.3 + 0.7 * Math.abs(Math.sin(i / 9))]);
      const at = ([x, y, pressure = 1]: Point) => ({ x, y, pressure });
      const first = doc.beginStroke("brush", 50, at(points[0]!));
      const rects = [first];
      for (let i = 1; i < points.length; i += 4) rects.push(doc.extendStroke(points.slice(i, i + 4).map(at)));
      const duringStroke = changes.length - changesBefore;
      doc.endStroke();
      const after = h.pixels(doc);
      const undoRect = doc.undo();
      const undone = h.same(before, h.pixels(doc));
      const redoRect = doc.redo();
      const redone = h.same(after, h.pixels(doc));
      doc.undo();
      doc.undo();
      doc.undo();
      const steps = { canUndo: doc.canUndo, painted: h.painted(doc) };
      return { duringStroke, changes: changes.length, undone, redone, undoRect, redoRect, rects: rects.length, steps, changedBytes: !h.same(before, after) };
    });
    expect(out.duringStroke).toBe(0);
    expect(out.changedBytes).toBe(true);
    expect(out).toMatchObject({ undone: true, redone: true, steps: { canUndo: false, painted: 0 } });
    expect(out.undoRect).toEqual(out.redoRect);
    expect(out.undoRect!.width).toBeGreaterThan(700);
    // 3 strokes + undo + redo + 3 undos; no events from extendStroke.
    expect(out.changes).toBe(8);
  });

  it("cancelStroke puts back the pre-stroke pixels and records nothing", async () => {
    const out = await page.evaluate(() => {
      const { Mask, h } = window as unknown as PageWindow;
      const doc = new Mask.MaskDocument(600, 600);
      h.stroke(doc, "brush", 100, [[0, 0], [600, 600]]);
      const before = h.pixels(doc);
      doc.beginStroke("eraser", 120, { x: 300, y: 300, pressure: 1 });
      doc.extendStroke([{ x: 500, y: 100, pressure: 1 }, { x: 100, y: 500, pressure: 1 }]);
      const changed = !h.same(before, h.pixels(doc));
      doc.cancelStroke();
      const restored = h.same(before, h.pixels(doc));
      doc.undo();
      return { changed, restored, canUndo: doc.canUndo, painted: h.painted(doc) };
    });
    expect(out).toEqual({ changed: true, restored: true, canUndo: false, painted: 0 });
  });
});

describe("history budget", () => {
  it("stays within historyBudgetBytes by dropping the oldest strokes, while recent undo still works", async () => {
    const budget = 4 * 1024 * 1024;
    const out = await page.evaluate((budget) => {
      const { Mask, h } = window as unknown as PageWindow;
      const doc = new Mask.MaskDocument(1024, 1024, { historyBudgetBytes: budget });
      const states: number[] = [h.hash(doc)];
      let maxBytes = 0;
      for (let i = 0; i < 50; i++) {
        const y = 40 + ((i * 37) % 940);
        h.stroke(doc, i % 5 === 4 ? "eraser" : "brush", 40, Array.from({ length: 30 }, (_, k): Point => [20 + k * 33, y + 20 * Math.sin(k + i)]));
        states.push(h.hash(doc));
        maxBytes = Math.max(maxBytes, doc.historyBytes);
      }
      let undos = 0;
      const exact: boolean[] = [];
      while (doc.canUndo) {
        doc.undo();
        undos++;
        if (undos <= 3) exact.push(states[50 - undos] === h.hash(doc));
      }
      const oldestKept = states[50 - undos] === h.hash(doc);
      while (doc.canRedo) doc.redo();
      const redoneAll = states[50] === h.hash(doc);
      // A full-canvas snapshot (4 MB + bookkeeping) cannot fit: the clear happens, history is dropped.
      doc.clear();
      return { maxBytes, undos, exact, oldestKept, redoneAll, afterClear: { canUndo: doc.canUndo, bytes: doc.historyBytes, empty: doc.isEmpty() } };
    }, budget);
    expect(out.maxBytes).toBeLessThanOrEqual(budget);
    expect(out.maxBytes).toBeGreaterThan(budget / 2);
    expect(out.undos).toBeGreaterThan(3);
    expect(out.undos).toBeLessThan(50);
    expect(out.exact).toEqual([true, true, true]);
    expect(out).toMatchObject({ oldestKept: true, redoneAll: true, afterClear: { canUndo: false, bytes: 0, empty: true } });
  });

  it("keeps a stroke's history to its dirty rectangle, not whole tiles or the canvas", async () => {
    const out = await page.evaluate(() => {
      const { Mask } = window as unknown as PageWindow;
      const doc = new Mask.MaskDocument(4096, 4096);
      doc.beginStroke("brush", 20, { x: 250, y: 250, pressure: 1 });
      doc.extendStroke([{ x: 262, y: 262, pressure: 1 }]); // crosses into 4 tiles
      doc.endStroke();
      const stroke = doc.historyBytes;
      doc.invert();
      return { stroke, invert: doc.historyBytes - stroke };
    });
    // Padded box ≈ 36×36 px × 4 bytes, split over four tiles.
    expect(out.stroke).toBeLessThan(40 * 40 * 4 + 200);
    expect(out.stroke).toBeGreaterThan(30 * 30 * 4);
    expect(out.invert).toBeLessThan(1024);
  });
});
