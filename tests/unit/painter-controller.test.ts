import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PainterController, type PainterOptions } from "@/components/mask-painter/painter-controller";
import type { MaskDocument } from "@/lib/mask/mask-document";
import { toImage, type Viewport } from "@/lib/mask/viewport";

/*
 * The painter's input state machine (idle → drawing | panning | pinching → idle) under Node: the
 * canvas, the mask document and animation frames are fakes that record what the controller asks
 * of them. Pixels are the e2e painter test's job; this pins down which input does what.
 */
type Listener = (event: never) => void;

class FakeCanvas {
  width = 0;
  height = 0;
  readonly listeners = new Map<string, Listener>();
  readonly captured: number[] = [];
  // Every 2D call is accepted and ignored: drawing is not what these tests look at.
  private readonly context = new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, key) => (key in target ? target[key] : (target[key] = () => undefined)),
    set: (target, key, value) => ((target[key] = value), true),
  });
  addEventListener(name: string, fn: Listener) {
    this.listeners.set(name, fn);
  }
  removeEventListener(name: string, fn: Listener) {
    if (this.listeners.get(name) === fn) this.listeners.delete(name);
  }
  getBoundingClientRect() {
    return { left: 0, top: 0, width: 800, height: 600 };
  }
  getContext() {
    return this.context;
  }
  focus() {}
  setPointerCapture(id: number) {
    this.captured.push(id);
  }
  fire(name: string, event: object) {
    const listener = this.listeners.get(name);
    if (!listener) throw new Error(`no ${name} listener`);
    (listener as (event: object) => void)(event);
  }
}

const RECT = { x: 0, y: 0, width: 10, height: 10 };
const fakeDoc = () => ({
  width: 400,
  height: 300,
  canvas: {},
  beginStroke: vi.fn(() => RECT),
  extendStroke: vi.fn(() => RECT),
  endStroke: vi.fn(),
  cancelStroke: vi.fn(),
  fillShape: vi.fn<(outline: { x: number; y: number }[], tool?: string) => typeof RECT>(() => RECT),
});

let frames: Map<number, () => void>;
let nextFrame: number;
/** Runs the animation frame the controller asked for, as the browser would before painting. */
const runFrame = () => {
  const pending = [...frames.values()];
  frames.clear();
  for (const callback of pending) callback();
};

type Pointer = { pointerId?: number; pointerType?: string; button?: number; pressure?: number; coalesced?: [number, number][]; altKey?: boolean };
const pointer = (x: number, y: number, { pointerId = 1, pointerType = "mouse", button = 0, pressure = 0.5, coalesced, altKey = false }: Pointer = {}) => ({
  altKey,
  pointerId,
  pointerType,
  button,
  pressure,
  clientX: x,
  clientY: y,
  timeStamp: 1,
  getCoalescedEvents: coalesced ? () => coalesced.map(([cx, cy]) => pointer(cx, cy, { pointerId, pointerType, pressure })) : undefined,
});

const OPTIONS: PainterOptions = { tool: "brush", size: 40, overlayColor: "#f00", overlayOpacity: 0.5, showExact: false, invertPolarity: false };

let canvas: FakeCanvas;
let doc: ReturnType<typeof fakeDoc>;
let views: Viewport[];
let controller: PainterController;
let detach: () => void;
const view = () => views.at(-1)!;
/** Where an image point is on screen under the current view. */
const screen = (x: number, y: number) => [view().x + x * view().scale, view().y + y * view().scale] as const;

beforeEach(() => {
  frames = new Map();
  nextFrame = 1;
  vi.stubGlobal("window", { devicePixelRatio: 2 });
  vi.stubGlobal("document", { createElement: () => new FakeCanvas() });
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      disconnect() {}
    },
  );
  vi.stubGlobal("requestAnimationFrame", (callback: () => void) => {
    const id = nextFrame++;
    frames.set(id, callback);
    return id;
  });
  vi.stubGlobal("cancelAnimationFrame", (id: number) => frames.delete(id));
  canvas = new FakeCanvas();
  doc = fakeDoc();
  views = [];
  const cursor = { style: {} as Record<string, string> };
  controller = new PainterController(
    canvas as unknown as HTMLCanvasElement,
    cursor as unknown as HTMLElement,
    doc as unknown as MaskDocument,
    {} as CanvasImageSource,
    OPTIONS,
    (v) => views.push(v),
  );
  detach = controller.attach();
});

afterEach(() => {
  detach();
  vi.unstubAllGlobals();
});

describe("PainterController", () => {
  it("fits the image in the stage on attach and sizes the canvas for the device's pixels", () => {
    // 400×300 in 800×600 with a 24 px margin: the height limits it.
    expect(view()).toEqual({ scale: 552 / 300, x: (800 - 400 * (552 / 300)) / 2, y: 24 });
    expect([canvas.width, canvas.height]).toEqual([1600, 1200]);
  });

  it("draws a mouse stroke in image coordinates: begins on press, extends once per frame, ends on release", () => {
    canvas.fire("pointerdown", pointer(...screen(100, 50)));
    expect(doc.beginStroke).toHaveBeenCalledWith("brush", 40, { x: 100, y: 50, pressure: 1 });
    expect(canvas.captured).toEqual([1]);

    canvas.fire("pointermove", pointer(...screen(120, 60), { coalesced: [screen(110, 55) as [number, number], screen(120, 60) as [number, number]] }));
    canvas.fire("pointermove", pointer(...screen(130, 70)));
    // Points wait for the frame, so a burst of events costs one document update.
    expect(doc.extendStroke).not.toHaveBeenCalled();
    runFrame();
    expect(doc.extendStroke).toHaveBeenCalledTimes(1);
    const points = doc.extendStroke.mock.calls[0]! as unknown as [{ x: number; y: number; pressure: number }[]];
    expect(points[0].map((p) => [Math.round(p.x), Math.round(p.y), p.pressure])).toEqual([
      [110, 55, 1],
      [120, 60, 1],
      [130, 70, 1],
    ]);

    canvas.fire("pointermove", pointer(...screen(140, 80)));
    canvas.fire("pointerup", pointer(...screen(140, 80)));
    // The last points are not left for a frame that may never come.
    expect(doc.extendStroke).toHaveBeenCalledTimes(2);
    expect(doc.endStroke).toHaveBeenCalledTimes(1);

    // Back to idle: the next press starts a new stroke.
    canvas.fire("pointerdown", pointer(...screen(10, 10)));
    expect(doc.beginStroke).toHaveBeenCalledTimes(2);
  });

  it("takes a pen's pressure, with a floor, and treats a mouse's as full", () => {
    canvas.fire("pointerdown", pointer(...screen(100, 50), { pointerType: "pen", pressure: 0.3 }));
    canvas.fire("pointermove", pointer(...screen(101, 50), { pointerType: "pen", pressure: 0 }));
    canvas.fire("pointerup", pointer(...screen(101, 50), { pointerType: "pen" }));
    expect(doc.beginStroke.mock.calls[0]).toEqual(["brush", 40, expect.objectContaining({ pressure: 0.3 })]);
    expect((doc.extendStroke.mock.calls[0] as unknown as [{ pressure: number }[]])[0][0]!.pressure).toBe(0.05);
  });

  it("ignores a second pointer while drawing", () => {
    canvas.fire("pointerdown", pointer(...screen(100, 50)));
    canvas.fire("pointerdown", pointer(...screen(200, 50), { pointerId: 2 }));
    canvas.fire("pointermove", pointer(...screen(210, 50), { pointerId: 2 }));
    canvas.fire("pointerup", pointer(...screen(210, 50), { pointerId: 2 }));
    runFrame();
    expect(doc.beginStroke).toHaveBeenCalledTimes(1);
    expect(doc.extendStroke).not.toHaveBeenCalled();
    expect(doc.endStroke).not.toHaveBeenCalled();
  });

  it("pans with space held or the middle button instead of drawing", () => {
    for (const start of [() => (controller.spaceHeld = true), () => (controller.spaceHeld = false)]) {
      start();
      const before = view();
      const [x, y] = screen(100, 50);
      canvas.fire("pointerdown", pointer(x, y, { button: controller.spaceHeld ? 0 : 1 }));
      canvas.fire("pointermove", pointer(x + 10, y + 20));
      expect(view()).toEqual({ scale: before.scale, x: before.x + 10, y: before.y + 20 });
      canvas.fire("pointerup", pointer(x + 10, y + 20));
    }
    expect(doc.beginStroke).not.toHaveBeenCalled();
  });

  it("drops a cancelled stroke, points waiting for a frame included", () => {
    canvas.fire("pointerdown", pointer(...screen(100, 50)));
    canvas.fire("pointermove", pointer(...screen(120, 60)));
    canvas.fire("pointercancel", pointer(...screen(120, 60)));
    runFrame();
    expect(doc.cancelStroke).toHaveBeenCalledTimes(1);
    expect(doc.extendStroke).not.toHaveBeenCalled();
    expect(doc.endStroke).not.toHaveBeenCalled();
  });

  it("turns a one-finger stroke into a pinch when a second finger lands: the stroke is undone, distance zooms, midpoint pans", () => {
    const touch = (id: number, x: number, y: number) => pointer(x, y, { pointerId: id, pointerType: "touch", pressure: 1 });
    canvas.fire("pointerdown", touch(1, 300, 300));
    expect(doc.beginStroke).toHaveBeenCalledTimes(1);
    canvas.fire("pointerdown", touch(2, 400, 300));
    expect(doc.cancelStroke).toHaveBeenCalledTimes(1);

    const before = view();
    const pinnedImagePoint = toImage(before, 350, 300);
    // Fingers spread to twice the distance around the same midpoint.
    canvas.fire("pointermove", touch(1, 250, 300));
    canvas.fire("pointermove", touch(2, 450, 300));
    expect(view().scale).toBeCloseTo(before.scale * 2);
    expect(toImage(view(), 350, 300).x).toBeCloseTo(pinnedImagePoint.x);
    expect(toImage(view(), 350, 300).y).toBeCloseTo(pinnedImagePoint.y);

    // Both fingers move right: the view follows.
    const zoomed = view();
    canvas.fire("pointermove", touch(1, 280, 300));
    canvas.fire("pointermove", touch(2, 480, 300));
    expect(view().x).toBeCloseTo(zoomed.x + 30);

    // Lifting one finger neither draws nor ends the gesture; lifting both does.
    canvas.fire("pointerup", touch(1, 280, 300));
    canvas.fire("pointermove", touch(2, 500, 300));
    canvas.fire("pointerup", touch(2, 500, 300));
    runFrame();
    expect(doc.extendStroke).not.toHaveBeenCalled();
    expect(doc.endStroke).not.toHaveBeenCalled();
    canvas.fire("pointerdown", touch(3, 300, 300));
    expect(doc.beginStroke).toHaveBeenCalledTimes(2);
  });

  it("zooms with the wheel around the pointer, keeping the image point under it", () => {
    const [x, y] = screen(100, 50);
    const preventDefault = vi.fn();
    const before = view().scale;
    canvas.fire("wheel", { clientX: x, clientY: y, deltaY: -100, ctrlKey: false, preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    expect(view().scale).toBeGreaterThan(before);
    expect(toImage(view(), x, y).x).toBeCloseTo(100);
    expect(toImage(view(), x, y).y).toBeCloseTo(50);
  });

  it("paints with the tool and size it was last given", () => {
    controller.setOptions({ tool: "eraser", size: 12 });
    canvas.fire("pointerdown", pointer(...screen(100, 50)));
    expect(doc.beginStroke).toHaveBeenCalledWith("eraser", 12, expect.objectContaining({ x: 100, y: 50 }));
  });

  it("fills a dragged rectangle on release as one shape, in image pixels; Alt-drag clears it", () => {
    controller.setOptions({ tool: "rectangle" });
    canvas.fire("pointerdown", pointer(...screen(100, 50)));
    canvas.fire("pointermove", pointer(...screen(150, 80)));
    canvas.fire("pointermove", pointer(...screen(200, 120)));
    runFrame();
    expect(doc.fillShape).not.toHaveBeenCalled();
    canvas.fire("pointerup", pointer(...screen(200, 120)));
    expect(doc.beginStroke).not.toHaveBeenCalled();
    expect(doc.fillShape).toHaveBeenCalledTimes(1);
    const [outline, tool] = doc.fillShape.mock.calls[0]!;
    expect(tool).toBe("brush");
    expect(outline.map((p) => [Math.round(p.x), Math.round(p.y)])).toEqual([[100, 50], [200, 50], [200, 120], [100, 120]]);

    canvas.fire("pointerdown", pointer(...screen(10, 10), { altKey: true }));
    canvas.fire("pointermove", pointer(...screen(60, 60)));
    canvas.fire("pointerup", pointer(...screen(60, 60)));
    expect(doc.fillShape.mock.calls[1]![1]).toBe("eraser");
  });

  it("fills a lasso along its path, and ignores a click that outlines nothing", () => {
    controller.setOptions({ tool: "lasso" });
    canvas.fire("pointerdown", pointer(...screen(100, 100)));
    canvas.fire("pointerup", pointer(...screen(100, 100)));
    expect(doc.fillShape).not.toHaveBeenCalled();

    canvas.fire("pointerdown", pointer(...screen(100, 100)));
    for (const [x, y] of [[200, 100], [200, 200], [100, 200]] as const) canvas.fire("pointermove", pointer(...screen(x, y)));
    canvas.fire("pointerup", pointer(...screen(100, 200)));
    const [outline] = doc.fillShape.mock.calls[0]!;
    expect(outline.map((p) => [Math.round(p.x), Math.round(p.y)])).toEqual([[100, 100], [200, 100], [200, 200], [100, 200]]);
  });

  it("lets go of the canvas when detached", () => {
    expect(canvas.listeners.size).toBe(6);
    detach();
    expect(canvas.listeners.size).toBe(0);
    detach = () => undefined;
  });

  it("wand: hovering previews, a click adds on release, Alt-click removes, a second finger makes it a pinch", () => {
    const wand = vi.fn();
    const box = vi.fn();
    controller.autoTools = { wand, box };
    controller.setOptions({ tool: "wand" });
    canvas.fire("pointermove", pointer(...screen(100, 50)));
    const near = (x: number, y: number, action: string) => [expect.closeTo(x, 6), expect.closeTo(y, 6), action];
    expect(wand.mock.lastCall).toEqual(near(100, 50, "hover"));
    canvas.fire("pointerdown", pointer(...screen(120, 60)));
    expect(wand).toHaveBeenCalledTimes(1);
    canvas.fire("pointerup", pointer(...screen(120, 60)));
    expect(wand.mock.lastCall).toEqual(near(120, 60, "add"));
    canvas.fire("pointerdown", pointer(...screen(10, 20), { altKey: true }));
    canvas.fire("pointerup", pointer(...screen(10, 20), { altKey: true }));
    expect(wand.mock.lastCall).toEqual(near(10, 20, "remove"));
    const calls = wand.mock.calls.length;
    canvas.fire("pointerdown", pointer(...screen(50, 50), { pointerType: "touch", pointerId: 5 }));
    canvas.fire("pointerdown", pointer(...screen(150, 50), { pointerType: "touch", pointerId: 6 }));
    canvas.fire("pointerup", pointer(...screen(50, 50), { pointerType: "touch", pointerId: 5 }));
    canvas.fire("pointerup", pointer(...screen(150, 50), { pointerType: "touch", pointerId: 6 }));
    expect(wand.mock.calls.slice(calls).filter(([, , action]) => action !== "hover")).toEqual([]);
    expect(doc.beginStroke).not.toHaveBeenCalled();
  });

  it("box select: a drag reports the whole pixels it covers, clamped to the image, and fills nothing itself", () => {
    const box = vi.fn();
    controller.autoTools = { wand: vi.fn(), box };
    controller.setOptions({ tool: "box" });
    canvas.fire("pointerdown", pointer(...screen(350.4, 20.6)));
    canvas.fire("pointermove", pointer(...screen(500, 120.2)));
    canvas.fire("pointerup", pointer(...screen(500, 120.2)));
    expect(box).toHaveBeenCalledTimes(1);
    const [reported] = box.mock.calls[0]!;
    expect(reported.x0).toBe(350);
    expect(reported.x1).toBe(400);
    expect(reported.y0).toBe(20);
    expect(reported.y1).toBe(121);
    expect(doc.fillShape).not.toHaveBeenCalled();
    // A click without a drag outlines nothing: no proposal.
    canvas.fire("pointerdown", pointer(...screen(10, 10)));
    canvas.fire("pointerup", pointer(...screen(10, 10)));
    expect(box).toHaveBeenCalledTimes(1);
  });
});
