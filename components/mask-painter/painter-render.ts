import type { DirtyRect, MaskDocument } from "@/lib/mask/mask-document";
import { MASK_CHARACTER_VALUE } from "@/lib/mask/polarity";
import type { Point } from "@/lib/mask/shapes";
import type { Viewport } from "@/lib/mask/viewport";

/** How the painter's view canvas is drawn: the image, the tinted coverage, a shape being dragged. */
export interface RenderOptions {
  overlayColor: string;
  overlayOpacity: number;
  /** Show exactly the grayscale image that will be sent, instead of the tinted overlay. */
  showExact: boolean;
  invertPolarity: boolean;
}

export interface RenderTarget {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  scratch: HTMLCanvasElement;
  scratchCtx: CanvasRenderingContext2D;
  /** The view canvas's size in CSS pixels (its backing store is that times the device pixel ratio). */
  cssWidth: number;
}

const STAGE = "#26262a";

/** Repaints the view canvas, or only the screen rectangle `rect` of it. */
export function renderView(target: RenderTarget, view: Viewport, doc: MaskDocument, image: CanvasImageSource, options: RenderOptions, rect?: DirtyRect): void {
  const { canvas, ctx, scratch, scratchCtx: sc } = target;
  const dpr = canvas.width / Math.max(1, target.cssWidth);
  const device = rect
    ? { x: Math.floor(rect.x * dpr), y: Math.floor(rect.y * dpr), width: Math.ceil(rect.width * dpr), height: Math.ceil(rect.height * dpr) }
    : { x: 0, y: 0, width: canvas.width, height: canvas.height };
  // Draw only the part of the image under the repainted area: sampling a 4096 px source in
  // full every frame would cost more than the frame has.
  const region = rect ? imageRegion(view, rect, doc.width, doc.height) : { x: 0, y: 0, width: doc.width, height: doc.height };
  if (region.width <= 0 || region.height <= 0) return;
  const drawAt = (into: CanvasRenderingContext2D, source: CanvasImageSource) =>
    into.drawImage(
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
    drawAt(ctx, image);
  }
  // A blank document has nothing to tint, and reading a large canvas costs tens of milliseconds
  // (the first frame of a new region on a 2048 px image would pay it for nothing).
  if (!doc.knownBlank) {
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
    ctx.drawImage(scratch, device.x, device.y, device.width, device.height, device.x, device.y, device.width, device.height);
  }
  ctx.restore();
  sc.restore();
}

/** The outline of a rectangle or lasso being dragged, dashed in two tones so it shows on any image. */
export function renderOutline(target: RenderTarget, view: Viewport, outline: readonly Point[]): void {
  const { canvas, ctx } = target;
  if (outline.length < 2) return;
  const dpr = canvas.width / Math.max(1, target.cssWidth);
  ctx.save();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.beginPath();
  for (const [i, p] of outline.entries()) ctx[i === 0 ? "moveTo" : "lineTo"](view.x + p.x * view.scale, view.y + p.y * view.scale);
  ctx.closePath();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = "#000";
  ctx.setLineDash([]);
  ctx.stroke();
  ctx.strokeStyle = "#fff";
  ctx.setLineDash([5, 5]);
  ctx.stroke();
  ctx.restore();
}

/** The whole-pixel image area under a screen rectangle, clamped to the image. */
function imageRegion(view: Viewport, rect: DirtyRect, width: number, height: number) {
  const x0 = Math.max(0, Math.floor((rect.x - view.x) / view.scale));
  const y0 = Math.max(0, Math.floor((rect.y - view.y) / view.scale));
  const x1 = Math.min(width, Math.ceil((rect.x + rect.width - view.x) / view.scale));
  const y1 = Math.min(height, Math.ceil((rect.y + rect.height - view.y) / view.scale));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The wand's region under the pointer: a canvas whose opaque pixels are the region, drawn light over everything. */
export function renderPreview(target: RenderTarget, view: Viewport, preview: CanvasImageSource, width: number, height: number): void {
  const { canvas, ctx } = target;
  const dpr = canvas.width / Math.max(1, target.cssWidth);
  ctx.save();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.globalAlpha = 0.55;
  ctx.drawImage(preview, view.x, view.y, width * view.scale, height * view.scale);
  ctx.restore();
}
