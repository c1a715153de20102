import { isEmptyBox, type Box } from "@/lib/mask/history";
import { drawSegment, type SketchDocument } from "@/lib/sketch/sketch-document";
import { eventPressure, PAPER, pressureWidth, segmentBox, straightEnd, toImagePoint, type SketchPoint, type SketchTool } from "@/lib/sketch/stroke";

/**
 * The sketch editor outside React: pointer input, and one requestAnimationFrame per frame that
 * draws what arrived since the last. Freehand marks go straight onto the document's canvas; a
 * straight line is previewed on an overlay canvas and drawn into the document when released.
 * Input is a small state machine: idle → drawing | line → idle. React only hears about commits.
 */
export interface SketchOptions {
  tool: SketchTool;
  color: string;
  size: number;
}

type Mode =
  | { kind: "idle" }
  | { kind: "drawing"; pointerId: number; color: string; start: SketchPoint; begun: boolean }
  | { kind: "line"; pointerId: number; color: string; start: SketchPoint; end: SketchPoint };

export class SketchController {
  private mode: Mode = { kind: "idle" };
  private readonly preview: CanvasRenderingContext2D;
  private previewBox: Box | null = null;
  private previewStale = false;
  private queued: SketchPoint[] = [];
  /** A freehand stroke Shift turned into a line: its marks come off in the next frame. */
  private cancelPending = false;
  private frame = 0;
  private cursorAt: { x: number; y: number } | null = null;

  constructor(
    private readonly doc: SketchDocument,
    private readonly overlay: HTMLCanvasElement,
    private readonly cursor: HTMLElement,
    private options: SketchOptions,
  ) {
    overlay.width = doc.width;
    overlay.height = doc.height;
    this.preview = overlay.getContext("2d")!;
    this.preview.lineCap = "round";
  }

  attach(): () => void {
    const detached = new AbortController();
    const handlers = {
      pointerdown: this.onPointerDown,
      pointermove: this.onPointerMove,
      pointerup: this.onPointerUp,
      pointercancel: this.onPointerCancel,
      pointerleave: this.onPointerLeave,
    };
    for (const [name, handler] of Object.entries(handlers)) this.doc.canvas.addEventListener(name, handler as EventListener, { signal: detached.signal });
    return () => {
      detached.abort();
      cancelAnimationFrame(this.frame);
    };
  }

  setOptions(change: Partial<SketchOptions>): void {
    this.options = { ...this.options, ...change };
    this.schedule();
  }

  /** Whether a stroke or line is under way (undo and clear wait for it). */
  get busy(): boolean {
    return this.mode.kind !== "idle";
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private point(event: PointerEvent, box = this.doc.canvas.getBoundingClientRect()): SketchPoint {
    const { x, y } = toImagePoint(event.clientX, event.clientY, box, this.doc.width, this.doc.height);
    return { x, y, pressure: eventPressure(event.pointerType, event.pressure) };
  }

  private onPointerDown = (event: PointerEvent) => {
    if (this.mode.kind !== "idle" || (event.pointerType === "mouse" && event.button !== 0)) return;
    this.doc.canvas.focus({ preventScroll: true });
    this.doc.canvas.setPointerCapture?.(event.pointerId);
    const start = this.point(event);
    const color = this.options.tool === "eraser" ? PAPER : this.options.color;
    if (this.options.tool === "line" || event.shiftKey) {
      this.mode = { kind: "line", pointerId: event.pointerId, color, start, end: start };
      this.previewStale = true;
    } else {
      this.mode = { kind: "drawing", pointerId: event.pointerId, color, start, begun: false };
      this.queued = [start];
    }
    this.schedule();
  };

  private onPointerMove = (event: PointerEvent) => {
    this.cursorAt = this.localCss(event);
    const mode = this.mode;
    if (mode.kind === "drawing" && mode.pointerId === event.pointerId) {
      if (event.shiftKey) {
        // Shift mid-stroke rules a line from where the stroke began, as in most drawing tools.
        this.cancelPending = mode.begun;
        this.queued = [];
        this.mode = { kind: "line", pointerId: mode.pointerId, color: mode.color, start: mode.start, end: straightEnd(mode.start, this.point(event)) };
        this.previewStale = true;
      } else {
        const box = this.doc.canvas.getBoundingClientRect();
        const events = event.getCoalescedEvents?.() ?? [];
        for (const e of events.length > 0 ? events : [event]) this.queued.push(this.point(e, box));
      }
    } else if (mode.kind === "line" && mode.pointerId === event.pointerId) {
      this.mode = { ...mode, end: straightEnd(mode.start, this.point(event)) };
      this.previewStale = true;
    }
    this.schedule();
  };

  /** Whether this event belongs to the stroke or line under way. */
  private follows(event: PointerEvent): boolean {
    return this.mode.kind !== "idle" && this.mode.pointerId === event.pointerId;
  }

  private onPointerUp = (event: PointerEvent) => {
    const mode = this.mode;
    if (mode.kind === "idle" || !this.follows(event)) return;
    // The last points are drawn now, not in a later frame: the stroke is one undo step the moment it ends.
    this.flush();
    if (mode.kind === "drawing") this.doc.endStroke();
    else {
      this.clearPreview();
      this.doc.drawLine(mode.color, this.options.size, mode.start, mode.end);
    }
    this.mode = { kind: "idle" };
  };

  /** A pointer the browser took over (a scroll, a system gesture): the mark it was making goes. */
  private onPointerCancel = (event: PointerEvent) => {
    if (!this.follows(event)) return;
    [this.queued, this.cancelPending, this.mode] = [[], false, { kind: "idle" }];
    this.doc.cancelStroke();
    this.clearPreview();
  };

  private onPointerLeave = () => {
    this.cursorAt = null;
    this.schedule();
  };

  private localCss(event: PointerEvent): { x: number; y: number } {
    const box = this.doc.canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  /** Draws whatever input is waiting; returns whether there was any. */
  private flush(): boolean {
    const mode = this.mode;
    let worked = false;
    if (this.cancelPending) {
      this.doc.cancelStroke();
      this.cancelPending = false;
      worked = true;
    }
    if (mode.kind === "drawing" && this.queued.length > 0) {
      const points = this.queued;
      this.queued = [];
      if (!mode.begun) {
        this.doc.beginStroke(mode.color, this.options.size, points.shift()!);
        this.mode = { ...mode, begun: true };
      }
      this.doc.extendStroke(points);
      worked = true;
    }
    if (mode.kind === "line" && this.previewStale) {
      this.drawPreview(mode.color, mode.start, mode.end);
      worked = true;
    }
    return worked;
  }

  private draw(): void {
    this.frame = 0;
    const start = performance.now();
    const worked = this.flush();
    this.updateCursor();
    // Read by the benchmark from the Performance timeline: the drawing work one frame did.
    if (worked) performance.measure("castboard:sketch-frame", { start, end: performance.now() });
  }

  private drawPreview(color: string, from: SketchPoint, to: SketchPoint): void {
    this.clearPreview();
    const width = pressureWidth(this.options.size, from.pressure);
    const ctx = this.preview;
    // The eraser's line is white on white paper: outline it so it can be seen where it will go.
    if (color === PAPER) {
      ctx.strokeStyle = "rgba(0,0,0,0.35)";
      drawSegment(ctx, from, to, width + 2);
    }
    ctx.strokeStyle = color;
    drawSegment(ctx, from, to, width);
    this.previewBox = segmentBox(from, to, width + 2, this.doc.width, this.doc.height);
    this.previewStale = false;
  }

  private clearPreview(): void {
    const box = this.previewBox;
    if (box && !isEmptyBox(box)) this.preview.clearRect(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
    this.previewBox = null;
  }

  /** A ring the size of the mark a mouse would make, following the pointer. */
  private updateCursor(): void {
    const style = this.cursor.style;
    const at = this.cursorAt;
    if (!at) {
      style.opacity = "0";
      return;
    }
    const scale = this.doc.canvas.getBoundingClientRect().width / this.doc.width;
    const diameter = Math.max(6, pressureWidth(this.options.size, 0.5) * scale);
    style.opacity = "1";
    style.width = style.height = `${diameter}px`;
    style.transform = `translate(${at.x - diameter / 2}px, ${at.y - diameter / 2}px)`;
  }
}
