import type { DirtyRect, MaskDocument, MaskTool, StrokePoint } from "@/lib/mask/mask-document";
import { MASK_CHARACTER_VALUE } from "@/lib/mask/polarity";
import { fitViewport, panBy, toImage, toScreenRect, zoomAt, type Viewport } from "@/lib/mask/viewport";

/**
 * The mask painter outside React: pointer input, one requestAnimationFrame per frame, and
 * drawing straight onto the view canvas. React only hears about commits (undo state) and zoom.
 * Tools are a small state machine: idle → drawing | panning | pinching → idle.
 */
export interface PainterOptions {
  tool: MaskTool;
  size: number;
  overlayColor: string;
  overlayOpacity: number;
  /** Show exactly the grayscale image that will be sent, instead of the tinted overlay. */
  showExact: boolean;
  invertPolarity: boolean;
}

type Mode = { kind: "idle" } | { kind: "drawing"; pointerId: number } | { kind: "panning"; pointerId: number; lastX: number; lastY: number } | { kind: "pinching" };

const STAGE = "#26262a";

export class PainterController {
  private view: Viewport = { scale: 1, x: 0, y: 0 };
  private mode: Mode = { kind: "idle" };
  private readonly ctx: CanvasRenderingContext2D;
  private readonly scratch = document.createElement("canvas");
  private readonly scratchCtx: CanvasRenderingContext2D;
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

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly cursor: HTMLElement,
    private readonly doc: MaskDocument,
    private readonly image: CanvasImageSource,
    private options: PainterOptions,
    private readonly onViewChange: (view: Viewport) => void,
  ) {
    this.ctx = canvas.getContext("2d")!;
    this.scratchCtx = this.scratch.getContext("2d")!;
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
    this.cssWidth = width;
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
    this.mode = { kind: "drawing", pointerId: event.pointerId };
    this.queuedSince = event.timeStamp;
    this.invalidate(this.doc.beginStroke(this.options.tool, this.options.size, this.strokePoint(event)));
  };

  private onPointerMove = (event: PointerEvent) => {
    this.cursorAt = this.local(event);
    if (event.pointerType === "touch" && this.touches.has(event.pointerId)) this.touches.set(event.pointerId, this.local(event));
    const mode = this.mode;
    if (mode.kind === "drawing" && mode.pointerId === event.pointerId) {
      const events = event.getCoalescedEvents?.() ?? [];
      for (const e of events.length > 0 ? events : [event]) this.queued.push(this.strokePoint(e));
      if (!this.queuedSince) this.queuedSince = event.timeStamp;
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
    if (mode.kind === "pinching" && this.touches.size > 0) return;
    this.mode = { kind: "idle" };
  };

  private onPointerCancel = (event: PointerEvent) => {
    this.touches.delete(event.pointerId);
    if (this.mode.kind === "drawing") {
      this.queued = [];
      this.doc.cancelStroke();
      this.invalidate();
    }
    this.mode = { kind: "idle" };
  };

  private onPointerLeave = () => {
    this.cursorAt = null;
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
    if (this.fullRender) this.render();
    else if (this.dirty) this.render(toScreenRect(this.view, this.dirty));
    this.fullRender = false;
    this.dirty = null;
    this.updateCursor();
    if (inputAt) {
      // Readable from the Performance timeline by the benchmark: the work this frame did for the
      // stroke, and the time from the pointer event to its pixels (which includes waiting for it).
      const end = performance.now();
      performance.measure("castboard:stroke-frame", { start: frameStart, end });
      performance.measure("castboard:stroke-to-screen", { start: inputAt, end });
      this.queuedSince = 0;
    }
  }

  private render(rect?: { x: number; y: number; width: number; height: number }): void {
    const dpr = this.canvas.width / Math.max(1, this.cssWidth);
    const device = rect
      ? { x: Math.floor(rect.x * dpr), y: Math.floor(rect.y * dpr), width: Math.ceil(rect.width * dpr), height: Math.ceil(rect.height * dpr) }
      : { x: 0, y: 0, width: this.canvas.width, height: this.canvas.height };
    const { ctx, scratchCtx: sc, view, doc, options } = this;
    // Draw only the part of the image under the repainted area: sampling a 4096 px source in
    // full every frame would cost more than the frame has.
    const region = rect ? imageRegion(view, rect, doc.width, doc.height) : { x: 0, y: 0, width: doc.width, height: doc.height };
    if (region.width <= 0 || region.height <= 0) return;
    const drawAt = (target: CanvasRenderingContext2D, source: CanvasImageSource) =>
      target.drawImage(
        source,
        region.x,
        region.y,
        region.width,
        region.height,
        view.x + region.x * view.scale,
        view.y + region.y * view.scale,
        region.width * view.scale,
        region.height * view.scale,
      );

    for (const c of [ctx, sc]) {
      c.save();
      c.setTransform(1, 0, 0, 1, 0, 0);
      c.beginPath();
      c.rect(device.x, device.y, device.width, device.height);
      c.clip();
      c.setTransform(dpr, 0, 0, dpr, 0, 0);
      c.imageSmoothingEnabled = view.scale < 1;
    }
    ctx.fillStyle = STAGE;
    ctx.fillRect(-1e5, -1e5, 2e5, 2e5);
    const characterIsBlack = (MASK_CHARACTER_VALUE < 128) !== options.invertPolarity;
    if (options.showExact) {
      ctx.fillStyle = characterIsBlack ? "#fff" : "#000";
      ctx.fillRect(view.x, view.y, doc.width * view.scale, doc.height * view.scale);
    } else {
      drawAt(ctx, this.image);
    }
    // Tint the coverage: draw it, then keep its shape and replace its colour. It changes every
    // frame, so nearest sampling spares the browser rebuilding its downscaled copies.
    sc.clearRect(-1e5, -1e5, 2e5, 2e5);
    sc.imageSmoothingEnabled = false;
    drawAt(sc, doc.canvas);
    sc.globalCompositeOperation = "source-in";
    sc.fillStyle = options.showExact ? (characterIsBlack ? "#000" : "#fff") : options.overlayColor;
    sc.fillRect(-1e5, -1e5, 2e5, 2e5);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = options.showExact ? 1 : options.overlayOpacity;
    ctx.drawImage(this.scratch, device.x, device.y, device.width, device.height, device.x, device.y, device.width, device.height);
    ctx.restore();
    sc.restore();
  }

  private updateCursor(): void {
    const at = this.cursorAt;
    const style = this.cursor.style;
    if (!at || this.spaceHeld || this.mode.kind === "panning" || this.mode.kind === "pinching") {
      style.opacity = "0";
      return;
    }
    const diameter = Math.max(4, this.options.size * this.view.scale);
    style.opacity = "1";
    style.width = style.height = `${diameter}px`;
    style.transform = `translate(${at.x - diameter / 2}px, ${at.y - diameter / 2}px)`;
  }
}

/** The whole-pixel image area under a screen rectangle, clamped to the image. */
function imageRegion(view: Viewport, rect: { x: number; y: number; width: number; height: number }, width: number, height: number) {
  const x0 = Math.max(0, Math.floor((rect.x - view.x) / view.scale));
  const y0 = Math.max(0, Math.floor((rect.y - view.y) / view.scale));
  const x1 = Math.min(width, Math.ceil((rect.x + rect.width - view.x) / view.scale));
  const y1 = Math.min(height, Math.ceil((rect.y + rect.height - view.y) / view.scale));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function union(a: DirtyRect | null, b: DirtyRect | null): DirtyRect | null {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}
