import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SketchController, type SketchOptions } from "@/components/sketch/sketch-controller";
import type { SketchDocument } from "@/lib/sketch/sketch-document";
import { PAPER } from "@/lib/sketch/stroke";

/*
 * The sketch editor's input state machine (idle → drawing | line → idle) under Node, with a fake
 * document and animation frames: which input draws what, and when. Pixels are the document's
 * unit test's and the e2e test's job.
 */
type Listener = (event: object) => void;

/** A canvas shown at half its 800×400 size: screen (x, y) is image (2x, 2y). */
class FakeCanvas {
  readonly listeners = new Map<string, Listener>();
  readonly captured: number[] = [];
  addEventListener(name: string, fn: Listener, options?: { signal?: AbortSignal }) {
    this.listeners.set(name, fn);
    options?.signal?.addEventListener("abort", () => this.listeners.delete(name));
  }
  getBoundingClientRect() {
    return { left: 0, top: 0, width: 400, height: 200 };
  }
  focus() {}
  setPointerCapture(id: number) {
    this.captured.push(id);
  }
  fire(name: string, event: object) {
    this.listeners.get(name)!(event);
  }
}

const fakeDoc = () => ({
  width: 800,
  height: 400,
  canvas: new FakeCanvas(),
  beginStroke: vi.fn(),
  extendStroke: vi.fn(),
  endStroke: vi.fn(),
  cancelStroke: vi.fn(),
  drawLine: vi.fn(),
});

const overlayCalls: string[] = [];
const overlay = {
  width: 0,
  height: 0,
  getContext: () =>
    new Proxy({} as Record<string | symbol, unknown>, {
      get: (target, key) => (key in target ? target[key] : (target[key] = () => overlayCalls.push(String(key)))),
      set: (target, key, value) => ((target[key] = value), true),
    }),
};

type Pointer = { pointerId?: number; pointerType?: string; button?: number; pressure?: number; shiftKey?: boolean; coalesced?: [number, number][] };
const pointer = (x: number, y: number, { pointerId = 1, pointerType = "mouse", button = 0, pressure = 0.5, shiftKey = false, coalesced }: Pointer = {}): object => ({
  pointerId,
  pointerType,
  button,
  pressure,
  shiftKey,
  clientX: x,
  clientY: y,
  getCoalescedEvents: coalesced ? () => coalesced.map(([cx, cy]) => pointer(cx, cy, { pointerId, pointerType, pressure })) : undefined,
});

const OPTIONS: SketchOptions = { tool: "pencil", color: "#1c1c1c", size: 6 };
let frames: Map<number, () => void>;
let doc: ReturnType<typeof fakeDoc>;
let controller: SketchController;
let detach: () => void;
let measures: string[];
const runFrame = () => {
  const pending = [...frames.values()];
  frames.clear();
  for (const callback of pending) callback();
};
const fire = (name: string, event: object) => doc.canvas.fire(name, event);

beforeEach(() => {
  frames = new Map();
  let next = 1;
  vi.stubGlobal("requestAnimationFrame", (callback: () => void) => {
    frames.set(next, callback);
    return next++;
  });
  vi.stubGlobal("cancelAnimationFrame", (id: number) => frames.delete(id));
  measures = [];
  vi.spyOn(performance, "measure").mockImplementation(((name: string) => void measures.push(name)) as unknown as typeof performance.measure);
  overlayCalls.length = 0;
  doc = fakeDoc();
  controller = new SketchController(doc as unknown as SketchDocument, overlay as unknown as HTMLCanvasElement, { style: {} } as HTMLElement, OPTIONS);
  detach = controller.attach();
});

afterEach(() => {
  detach();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("SketchController", () => {
  it("draws a mouse stroke in one frame per burst of events, measures each frame, and ends it on release", () => {
    fire("pointerdown", pointer(10, 20));
    expect(doc.canvas.captured).toEqual([1]);
    fire("pointermove", pointer(30, 20, { coalesced: [[20, 20], [30, 20]] }));
    fire("pointermove", pointer(40, 25));
    // Nothing is drawn in the event handlers, and a burst asks for one frame.
    expect(doc.beginStroke).not.toHaveBeenCalled();
    expect(frames.size).toBe(1);
    runFrame();
    expect(doc.beginStroke).toHaveBeenCalledWith("#1c1c1c", 6, { x: 20, y: 40, pressure: 0.5 });
    expect(doc.extendStroke).toHaveBeenCalledTimes(1);
    expect(doc.extendStroke.mock.calls[0]![0]).toEqual([
      { x: 40, y: 40, pressure: 0.5 },
      { x: 60, y: 40, pressure: 0.5 },
      { x: 80, y: 50, pressure: 0.5 },
    ]);
    expect(measures).toEqual(["castboard:sketch-frame"]);

    fire("pointermove", pointer(50, 25));
    fire("pointerup", pointer(50, 25));
    // The last points are drawn at once: the stroke is a finished undo step when the button comes up.
    expect(doc.extendStroke).toHaveBeenCalledTimes(2);
    expect(doc.endStroke).toHaveBeenCalledTimes(1);
    expect(controller.busy).toBe(false);
    // A frame with only the cursor to move does no drawing and measures nothing.
    fire("pointermove", pointer(60, 25));
    runFrame();
    expect(measures).toHaveLength(1);
  });

  it("takes a pen's pressure and paints white with the eraser", () => {
    controller.setOptions({ tool: "eraser" });
    fire("pointerdown", pointer(10, 10, { pointerType: "pen", pressure: 0.9 }));
    runFrame();
    expect(doc.beginStroke).toHaveBeenCalledWith(PAPER, 6, { x: 20, y: 20, pressure: 0.9 });
  });

  it("previews a straight line on the overlay and draws it into the sketch only on release", () => {
    controller.setOptions({ tool: "line" });
    fire("pointerdown", pointer(10, 50));
    fire("pointermove", pointer(100, 52));
    runFrame();
    expect(overlayCalls).toContain("stroke");
    expect(doc.beginStroke).not.toHaveBeenCalled();
    expect(measures).toEqual(["castboard:sketch-frame"]);
    fire("pointerup", pointer(100, 52));
    // Nearly level: snapped level.
    expect(doc.drawLine).toHaveBeenCalledWith("#1c1c1c", 6, { x: 20, y: 100, pressure: 0.5 }, { x: 200, y: 100, pressure: 0.5 });
    expect(overlayCalls.at(-1)).toBe("clearRect");
  });

  it("turns a freehand stroke into a line from where it began when Shift is held", () => {
    fire("pointerdown", pointer(10, 10));
    fire("pointermove", pointer(20, 30));
    runFrame();
    fire("pointermove", pointer(60, 50, { shiftKey: true }));
    runFrame();
    expect(doc.cancelStroke).toHaveBeenCalledTimes(1);
    fire("pointerup", pointer(60, 50));
    expect(doc.drawLine).toHaveBeenCalledWith("#1c1c1c", 6, { x: 20, y: 20, pressure: 0.5 }, { x: 120, y: 100, pressure: 0.5 });
    expect(doc.endStroke).not.toHaveBeenCalled();
  });

  it("starts a line at once when Shift is down on press", () => {
    fire("pointerdown", pointer(10, 10, { shiftKey: true }));
    fire("pointerup", pointer(10, 90));
    expect(doc.beginStroke).not.toHaveBeenCalled();
    expect(doc.drawLine).toHaveBeenCalledWith("#1c1c1c", 6, { x: 20, y: 20, pressure: 0.5 }, { x: 20, y: 20, pressure: 0.5 });
  });

  it("drops a cancelled stroke, ignores other buttons and a second pointer", () => {
    fire("pointerdown", pointer(10, 10, { button: 2 }));
    expect(controller.busy).toBe(false);
    fire("pointerdown", pointer(10, 10));
    fire("pointerdown", pointer(90, 90, { pointerId: 2, pointerType: "touch" }));
    fire("pointermove", pointer(95, 95, { pointerId: 2, pointerType: "touch" }));
    fire("pointerup", pointer(95, 95, { pointerId: 2, pointerType: "touch" }));
    expect(controller.busy).toBe(true);
    fire("pointercancel", pointer(10, 10));
    runFrame();
    expect(doc.cancelStroke).toHaveBeenCalledTimes(1);
    expect(doc.beginStroke).not.toHaveBeenCalled();
    expect(doc.endStroke).not.toHaveBeenCalled();
    expect(controller.busy).toBe(false);
  });

  it("lets go of the canvas when detached", () => {
    detach();
    expect(doc.canvas.listeners.size).toBe(0);
  });
});
