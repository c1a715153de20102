import { CANVAS_FONT, drawBalloons, wrapOnCanvas } from "../../export/canvas-balloons";
import type { FrameSource } from "../timeline";
import type { PanelText } from "./job";

/**
 * The burn-ins, drawn once per panel into bitmaps at the output size so each frame only copies
 * them: balloons over the panel's whole image (in frame coordinates: they do not follow the
 * camera), the caption as a subtitle, and the title card. The slate's timecode changes every
 * frame and is drawn per frame.
 */
export interface Overlay {
  bitmap: ImageBitmap;
  x: number;
  y: number;
}

/** Where a panel's whole image sits in the frame: fitted, letterboxed as drawFrame does at full view. */
export function fittedRect(source: { width: number; height: number }, width: number, height: number) {
  const scale = Math.min(width / source.width, height / source.height);
  const w = source.width * scale;
  const h = source.height * scale;
  return { x: (width - w) / 2, y: (height - h) / 2, w, h };
}

/** Kept to the balloons' own box: a full frame per panel would hold 3.7 MB (720p) for a few speech bubbles. */
export async function balloonOverlay(text: PanelText, source: FrameSource, width: number, height: number): Promise<Overlay | null> {
  if (text.balloons.length === 0) return null;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  const rect = fittedRect(source, width, height);
  drawBalloons(ctx, text.balloons, rect.x, rect.y, rect.w, rect.h);
  const alpha = ctx.getImageData(0, 0, width, height).data;
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (alpha[(y * width + x) * 4 + 3] === 0) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (right < 0) return null;
  return { bitmap: await createImageBitmap(canvas, left, top, right - left + 1, bottom - top + 1), x: left, y: top };
}

/** White text on a dark band, at most three lines, centred near the bottom as subtitles are. */
export function captionOverlay(caption: string, width: number, height: number): Overlay | null {
  const text = caption.replace(/\s+/g, " ").trim();
  if (!text) return null;
  const size = Math.round(height / 24);
  const probe = new OffscreenCanvas(1, 1).getContext("2d")!;
  let lines = wrapOnCanvas(probe, text, width * 0.8, size);
  if (lines.length > 3) lines = [...lines.slice(0, 2), `${lines[2]}…`];
  const lineHeight = Math.round(size * 1.3);
  const pad = Math.round(size * 0.45);
  const measure = (line: string) => {
    probe.font = `500 ${size}px ${CANVAS_FONT}`;
    return probe.measureText(line).width;
  };
  const boxWidth = Math.min(width, Math.ceil(Math.max(...lines.map(measure)) + pad * 2));
  const boxHeight = lines.length * lineHeight + pad * 2;
  const canvas = new OffscreenCanvas(boxWidth, boxHeight);
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "rgba(0, 0, 0, 0.62)";
  ctx.beginPath();
  ctx.roundRect(0, 0, boxWidth, boxHeight, pad * 0.6);
  ctx.fill();
  ctx.fillStyle = "#ffffff";
  ctx.font = `500 ${size}px ${CANVAS_FONT}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  lines.forEach((line, i) => ctx.fillText(line, boxWidth / 2, pad + lineHeight * (i + 0.5)));
  return { bitmap: canvas.transferToImageBitmap(), x: Math.round((width - boxWidth) / 2), y: Math.round(height - boxHeight - height * 0.05) };
}

export function titleCard(heading: string, detail: string, width: number, height: number): ImageBitmap {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#111113";
  ctx.fillRect(0, 0, width, height);
  const size = Math.round(Math.min(width, height) / 10);
  const lines = wrapOnCanvas(ctx, heading, width * 0.8, size, true).slice(0, 3);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillStyle = "#f4f4f5";
  ctx.font = `700 ${size}px ${CANVAS_FONT}`;
  const top = height / 2 - ((lines.length - 1) * size * 1.2) / 2 - size * 0.4;
  lines.forEach((line, i) => ctx.fillText(line, width / 2, top + i * size * 1.2));
  ctx.fillStyle = "#a1a1aa";
  ctx.font = `400 ${Math.round(size * 0.4)}px ${CANVAS_FONT}`;
  ctx.fillText(detail, width / 2, top + lines.length * size * 1.2 + size * 0.1);
  return canvas.transferToImageBitmap();
}

/** "Shot 4  00:00:09:12" in the top-left corner, on a dark chip so it reads over any image. */
export function drawSlate(ctx: OffscreenCanvasRenderingContext2D, label: string, width: number, height: number): void {
  const size = Math.round(Math.min(width, height) / 30);
  ctx.font = `600 ${size}px ui-monospace, 'DejaVu Sans Mono', monospace`;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  const pad = Math.round(size * 0.5);
  const boxWidth = ctx.measureText(label).width + pad * 2;
  ctx.globalAlpha = 1;
  ctx.fillStyle = "rgba(0, 0, 0, 0.6)";
  ctx.fillRect(pad, pad, boxWidth, size + pad * 1.2);
  ctx.fillStyle = "#ffffff";
  ctx.fillText(label, pad * 2, pad + (size + pad * 1.2) / 2);
}
