import { balloonPath, layoutBalloon, wrapText, type BalloonInput, type Measure } from "../board/balloon-layout";

/**
 * Dialogue balloons drawn on a canvas with the board's layout: the PNG exports and the animatic
 * video draw them from here, so a balloon looks the same on a panel image and in a frame of video.
 * Free of the DOM (OffscreenCanvas), so it runs in a worker too.
 */
export const CANVAS_FONT = "ui-sans-serif, system-ui, 'DejaVu Sans', sans-serif";
export const INK = "#1d1d1f";

type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

export function measureWith(ctx: Context2D): Measure {
  return (text, size, bold) => {
    ctx.font = `${bold ? 700 : 400} ${size}px ${CANVAS_FONT}`;
    return ctx.measureText(text).width;
  };
}

/** Draws each line's balloon inside the frame at (x, y) of size w × h, as the board lays it out over that frame. */
export function drawBalloons(ctx: Context2D, lines: readonly BalloonInput[], x: number, y: number, w: number, h: number): void {
  if (lines.length === 0) return;
  const measure = measureWith(ctx);
  ctx.save();
  ctx.translate(x, y);
  for (const line of lines) {
    const box = layoutBalloon(line, { width: w, height: h }, measure);
    const path = new Path2D(balloonPath(box));
    ctx.fillStyle = "#ffffff";
    ctx.fill(path);
    ctx.lineWidth = Math.max(1, box.fontSize * 0.07);
    ctx.lineJoin = "round";
    ctx.strokeStyle = INK;
    ctx.stroke(path);
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const row of box.rows) {
      ctx.font = `${row.bold ? 700 : 400} ${row.fontSize}px ${CANVAS_FONT}`;
      ctx.fillText(row.text, row.x, row.y);
    }
  }
  ctx.restore();
}

/** Wraps `text` to `maxWidth` at `fontSize` with the canvas's own metrics (captions and title cards). */
export function wrapOnCanvas(ctx: Context2D, text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  return wrapText(text, maxWidth, fontSize, (t, size) => measureWith(ctx)(t, size, bold));
}
