import type { DirtyRect, MaskDocument, MaskTool, StrokePoint } from "@/lib/mask/mask-document";
import { appendLassoPoint, isShapeTool, outlinesRegion, shapeOutline, type Point, type ShapeTool } from "@/lib/mask/shapes";
import { fitViewport, panBy, toImage, toScreenRect, zoomAt, type Viewport } from "@/lib/mask/viewport";
import type { PixelBox } from "@/lib/mask/auto/types";
import { renderOutline, renderPreview, renderView, type RenderOptions, type RenderTarget } from "./painter-render";

/**
 * The mask painter outside React: pointer input, one requestAnimationFrame per frame, and
 * drawing straight onto the view canvas. React only hears about commits (undo state) and zoom.
 * Tools are a small state machine: idle → drawing | shaping | pointing | panning | pinching → idle.
 */
export type PainterTool = MaskTool | ShapeTool | AutoTool;
/** The magic wand (a click takes a region by colour) and box select (a drag proposes the mask inside it). */
export type AutoTool = "wand" | "box";

/** Tools aimed with a crosshair rather than drawn with the brush circle. */
export const aimsWithCrosshair = (tool: PainterTool) => isShapeTool(tool) || tool === "wand" || tool === "box";

/** What the automatic tools report; the painter's hook runs the algorithms and applies the result. */
export interface AutoToolHandlers {
  /** The wand over a pixel (a preview), or clicked: add (click, Shift+click) or remove (Alt+click). */
  wand(x: number, y: number, action: "hover" | "add" | "remove"): void;
  /** A box dragged with box select, in image pixels. */
  box(box: PixelBox): void;
}

export interface PainterOptions extends RenderOptions {
  tool: PainterTool;
  size: number;
}

type Mode =
  | { kind: "idle" }
  | { kind: "drawing"; pointerId: number }
  /** Dragging a rectangle or lasso: its points in image pixels, filled on release as one step. */
  | { kind: "shaping"; pointerId: number; tool: ShapeTool | "box"; points: Point[]; erase: boolean }
  /** The wand pressed: it acts on release, so a second finger can still turn it into a pinch. */
  | { kind: "pointing"; pointerId: number; x: number; y: number; remove: boolean }
  | { kind: "panning"; pointerId: number; lastX: number; lastY: number }
  | { kind: "pinching" };

export class PainterController {
  private view: Viewport = { scale: 1, x: 0, y: 0 };
  private mode: Mode = { kind: "idle" };
  private readonly target: RenderTarget;
  private readonly scratch = document.createElement("canvas");
  private readonly touches = new Map<number, { x: number; y: number }>();
  private pinchStart?: { distance: number; midX: number; midY: number; view: Viewport };
  private queued: StrokePoint[] = [];
  private queuedSince = 0;
  private dirty: DirtyRect | null = null;
  private fullRender = true;
  private frame = 0;
  private cursorAt: { x: number; y: number } | null = null;
  private cssWidth = 0;
  private cssHeight = 0;
  spaceHeld = false;
  autoTools: AutoToolHandlers | null = null;
  /** The wand's region under the pointer, drawn over the mask until clicked. */
  private preview: CanvasImageSource | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly cursor: HTMLElement,
    private readonly doc: MaskDocument,
    private readonly image: CanvasImageSource,
    private options: PainterOptions,
    private readonly onViewChange: (view: Viewport) => void,
    /** Called once, after the first frame that shows the image (for the time-to-ready measure). */
    private onFirstFrame?: () => void,
  ) {
    this.target = { canvas, ctx: canvas.getContext("2d")!, scratch: this.scratch, scratchCtx: this.scratch.getContext("2d")!, cssWidth: 0 };
  }

  attach(): () => void {
    const c = this.canvas;
    const listeners: [string, (e: never) => void][] = [
      ["pointerdown", this.onPointerDown],
      ["pointermove", this.onPointerMove],
      ["pointerup", this.onPointerUp],
      ["pointercancel", this.onPointerCancel],
      ["pointerleave", this.onPointerLeave],
      ["wheel", this.onWheel],
    ];
    for (const [name, fn] of listeners) c.addEventListener(name, fn as EventListener, { passive: name !== "wheel" });
    const observer = new ResizeObserver(() => this.resize());
    observer.observe(c);
    this.resize();
    this.fit();
    return () => {
      for (const [name, fn] of listeners) c.removeEventListener(name, fn as EventListener);
      observer.disconnect();
      cancelAnimationFrame(this.frame);
    };
  }

  setOptions(change: Partial<PainterOptions>): void {
    this.options = { ...this.options, ...change };
    this.updateCursor();
    this.invalidate();
  }

  fit(): void {
    this.setView(fitViewport(this.doc.width, this.doc.height, this.cssWidth, this.cssHeight));
  }

  zoomBy(factor: number): void {
    this.setView(zoomAt(this.view, factor, this.cssWidth / 2, this.cssHeight / 2));
  }

  setPreview(preview: CanvasImageSource | null): void {
    if (preview === this.preview) return;
    this.preview = preview;
    this.invalidate();
  }

  /** Repaints an area of the document (after undo, redo, clear…), or everything. */
  invalidate(rect?: DirtyRect | null): void {
    if (rect) this.dirty = union(this.dirty, rect);
    else this.fullRender = true;
    this.schedule();
  }

  private setView(view: Viewport): void {
    this.view = view;
    this.onViewChange(view);
    this.updateCursor();
    this.invalidate();
  }

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = this.canvas.getBoundingClientRect();
    const firstLayout = this.cssWidth === 0;
    this.cssWidth = this.target.cssWidth = width;
    this.cssHeight = height;
    for (const target of [this.canvas, this.scratch]) {
      target.width = Math.max(1, Math.round(width * dpr));
      target.height = Math.max(1, Math.round(height * dpr));
    }
    if (firstLayout) this.fit();
    else this.invalidate();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private local(event: PointerEvent | WheelEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private strokePoint(event: PointerEvent): StrokePoint {
    const { x, y } = this.local(event);
    const image = toImage(this.view, x, y);
    // Only a pen reports meaningful pressure; mice report 0.5 and fingers 0 or 1.
    const pressure = event.pointerType === "pen" ? Math.max(0.05, event.pressure) : 1;
    return { x: image.x, y: image.y, pressure };
  }

  private onPointerDown = (event: PointerEvent) => {
    this.canvas.focus({ preventScroll: true });
    if (event.pointerType === "touch") {
      this.touches.set(event.pointerId, this.local(event));
      if (this.touches.size === 2) {
        if (this.mode.kind === "drawing") this.doc.cancelStroke();
        // A second finger makes it a pinch: the shape the first one began is dropped.
        this.startPinch();
        this.invalidate();
        return;
      }
    }
    if (this.mode.kind !== "idle") return;
    this.canvas.setPointerCapture(event.pointerId);
    if (event.button === 1 || (event.button === 0 && this.spaceHeld)) {
      const { x, y } = this.local(event);
      this.mode = { kind: "panning", pointerId: event.pointerId, lastX: x, lastY: y };
      return;
    }
    if (event.button !== 0) return;
    const tool = this.options.tool;
    if (tool === "wand") {
      const { x, y } = this.strokePoint(event);
      this.mode = { kind: "pointing", pointerId: event.pointerId, x, y, remove: event.altKey };
      return;
    }
    if (isShapeTool(tool) || tool === "box") {
      // Alt takes the shape away instead of adding it, as in image editors.
      this.mode = { kind: "shaping", pointerId: event.pointerId, tool, points: [this.strokePoint(event)], erase: event.altKey };
      this.invalidate();
      return;
    }
    this.mode = { kind: "drawing", pointerId: event.pointerId };
    this.queuedSince = event.timeStamp;
    this.invalidate(this.doc.beginStroke(tool, this.options.size, this.strokePoint(event)));
  };

  private onPointerMove = (event: PointerEvent) => {
    this.cursorAt = this.local(event);
    if (event.pointerType === "touch" && this.touches.has(event.pointerId)) this.touches.set(event.pointerId, this.local(event));
    const mode = this.mode;
    if (mode.kind === "drawing" && mode.pointerId === event.pointerId) {
      const events = event.getCoalescedEvents?.() ?? [];
      for (const e of events.length > 0 ? events : [event]) this.queued.push(this.strokePoint(e));
      if (!this.queuedSince) this.queuedSince = event.timeStamp;
    } else if (mode.kind === "idle" && this.options.tool === "wand" && !this.spaceHeld) {
      const { x, y } = this.strokePoint(event);
      if (x >= 0 && y >= 0 && x < this.doc.width && y < this.doc.height) this.autoTools?.wand(x, y, "hover");
      else this.setPreview(null);
    } else if (mode.kind === "shaping" && mode.pointerId === event.pointerId) {
      const point = this.strokePoint(event);
      // A rectangle needs only its corners; a lasso keeps points a couple of screen pixels apart.
      if (mode.tool !== "lasso") mode.points[1] = point;
      else appendLassoPoint(mode.points, point, 2 / this.view.scale);
      this.fullRender = true;
    } else if (mode.kind === "panning" && mode.pointerId === event.pointerId) {
      const { x, y } = this.local(event);
      this.view = panBy(this.view, x - mode.lastX, y - mode.lastY);
      this.mode = { ...mode, lastX: x, lastY: y };
      this.onViewChange(this.view);
      this.fullRender = true;
    } else if (mode.kind === "pinching") {
      this.updatePinch();
    }
    this.schedule();
  };

  private onPointerUp = (event: PointerEvent) => {
    this.touches.delete(event.pointerId);
    const mode = this.mode;
    if (mode.kind === "drawing" && mode.pointerId === event.pointerId) {
      this.flushStroke();
      this.doc.endStroke();
    }
    if (mode.kind === "shaping" && mode.pointerId === event.pointerId) {
      const outline = shapeOutline(mode.tool === "box" ? "rectangle" : mode.tool, mode.points);
      if (outlinesRegion(outline) && mode.tool === "box") this.autoTools?.box(pixelBox(outline, this.doc.width, this.doc.height));
      else if (outlinesRegion(outline)) this.invalidate(this.doc.fillShape(outline, mode.erase ? "eraser" : "brush"));
      this.invalidate();
    }
    if (mode.kind === "pointing" && mode.pointerId === event.pointerId) this.autoTools?.wand(mode.x, mode.y, mode.remove ? "remove" : "add");
    if (mode.kind === "pinching" && this.touches.size > 0) return;
    this.mode = { kind: "idle" };
  };

  private onPointerCancel = (event: PointerEvent) => {
    this.touches.delete(event.pointerId);
    if (this.mode.kind === "drawing") {
      this.queued = [];
      this.doc.cancelStroke();
    }
    if (this.mode.kind === "drawing" || this.mode.kind === "shaping") this.invalidate();
    this.mode = { kind: "idle" };
  };

  private onPointerLeave = () => {
    this.cursorAt = null;
    this.setPreview(null);
    this.updateCursor();
  };

  private onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const { x, y } = this.local(event);
    // Trackpad pinches arrive as ctrl+wheel with small deltas; mouse wheels with large ones.
    const factor = Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.0015));
    this.setView(zoomAt(this.view, factor, x, y));
  };

  private startPinch(): void {
    const [a, b] = [...this.touches.values()];
    if (!a || !b) return;
    this.mode = { kind: "pinching" };
    this.pinchStart = { distance: Math.hypot(a.x - b.x, a.y - b.y) || 1, midX: (a.x + b.x) / 2, midY: (a.y + b.y) / 2, view: this.view };
  }

  /** Two fingers: the distance zooms, the midpoint pans. */
  private updatePinch(): void {
    const [a, b] = [...this.touches.values()];
    const start = this.pinchStart;
    if (!a || !b || !start) return;
    const midX = (a.x + b.x) / 2;
    const midY = (a.y + b.y) / 2;
    const zoomed = zoomAt(start.view, Math.hypot(a.x - b.x, a.y - b.y) / start.distance, start.midX, start.midY);
    this.view = panBy(zoomed, midX - start.midX, midY - start.midY);
    this.onViewChange(this.view);
    this.fullRender = true;
  }

  private flushStroke(): void {
    if (this.queued.length === 0) return;
    this.dirty = union(this.dirty, this.doc.extendStroke(this.queued));
    this.queued = [];
  }

  private draw(): void {
    this.frame = 0;
    const frameStart = performance.now();
    const inputAt = this.queuedSince;
    this.flushStroke();
    const { target, view, doc, image, options } = this;
    if (this.fullRender) renderView(target, view, doc, image, options);
    else if (this.dirty) renderView(target, view, doc, image, options, toScreenRect(view, this.dirty));
    if (this.preview) renderPreview(target, view, this.preview, doc.width, doc.height);
    if (this.mode.kind === "shaping") renderOutline(target, view, shapeOutline(this.mode.tool === "box" ? "rectangle" : this.mode.tool, this.mode.points));
    this.fullRender = false;
    this.dirty = null;
    this.updateCursor();
    if (this.onFirstFrame) {
      this.onFirstFrame();
      this.onFirstFrame = undefined;
    }
    if (inputAt) {
      // Readable from the Performance timeline by the benchmark: the work this frame did for the
      // stroke, and the time from the pointer event to its pixels (which includes waiting for it).
      const end = performance.now();
      performance.measure("castboard:stroke-frame", { start: frameStart, end });
      performance.measure("castboard:stroke-to-screen", { start: inputAt, end });
      this.queuedSince = 0;
    }
  }

  private updateCursor(): void {
    const at = this.cursorAt;
    const style = this.cursor.style;
    // Shapes are drawn with a crosshair (the canvas's CSS cursor), not the brush circle.
    if (!at || this.spaceHeld || aimsWithCrosshair(this.options.tool) || this.mode.kind === "panning" || this.mode.kind === "pinching") {
      style.opacity = "0";
      return;
    }
    const diameter = Math.max(4, this.options.size * this.view.scale);
    style.opacity = "1";
    style.width = style.height = `${diameter}px`;
    style.transform = `translate(${at.x - diameter / 2}px, ${at.y - diameter / 2}px)`;
  }
}

/** The whole pixels a dragged rectangle covers, clamped to the image. */
function pixelBox(outline: readonly Point[], width: number, height: number): PixelBox {
  const xs = outline.map((p) => p.x);
  const ys = outline.map((p) => p.y);
  return {
    x0: Math.max(0, Math.floor(Math.min(...xs))),
    y0: Math.max(0, Math.floor(Math.min(...ys))),
    x1: Math.min(width, Math.ceil(Math.max(...xs))),
    y1: Math.min(height, Math.ceil(Math.max(...ys))),
  };
}

function union(a: DirtyRect | null, b: DirtyRect | null): DirtyRect | null {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}
