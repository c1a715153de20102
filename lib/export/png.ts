"use client";
import "client-only";
import { CANVAS_FONT as FONT, drawBalloons, INK } from "./canvas-balloons";
import { ExportCancelled, type ExportHooks, type ExportPanel } from "./types";

/**
 * PNG exports drawn into a fresh canvas: a panel at its image's own resolution (balloons on or
 * off), or a contact sheet of the whole board. Balloons use the same layout as the board.
 */
async function drawFrame(ctx: OffscreenCanvasRenderingContext2D, panel: ExportPanel, x: number, y: number, w: number, h: number, balloons: boolean) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.fillStyle = "#f6f5f2";
  ctx.fillRect(x, y, w, h);
  if (panel.image) {
    const bitmap = await createImageBitmap(new Blob([panel.image.bytes as BlobPart], { type: panel.image.type }));
    // Cover, as on the board: the frame is the panel's aspect ratio, the image fills it.
    const scale = Math.max(w / bitmap.width, h / bitmap.height);
    ctx.drawImage(bitmap, x + (w - bitmap.width * scale) / 2, y + (h - bitmap.height * scale) / 2, bitmap.width * scale, bitmap.height * scale);
    bitmap.close();
  }
  if (balloons) drawBalloons(ctx, panel.balloons, x, y, w, h);
  ctx.restore();
}

export async function renderPanelPng(panel: ExportPanel, { balloons }: { balloons: boolean }): Promise<Blob> {
  const width = panel.image?.width ?? 1600;
  const height = Math.round(width / panel.aspect);
  const canvas = new OffscreenCanvas(width, height);
  await drawFrame(canvas.getContext("2d")!, panel, 0, 0, width, height, balloons);
  return canvas.convertToBlob({ type: "image/png" });
}

/** The whole board on one sheet: shot number and caption under each frame. */
export async function renderContactSheet(title: string, panels: ExportPanel[], hooks: ExportHooks = {}, { columns = 4, cellWidth = 480 } = {}): Promise<Blob> {
  const gap = 24;
  const frameHeight = Math.round(cellWidth * (9 / 16));
  const textHeight = 64;
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const width = gap + columns * (cellWidth + gap);
  const height = 96 + rows * (frameHeight + textHeight + gap);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = INK;
  ctx.font = `700 32px ${FONT}`;
  ctx.textBaseline = "alphabetic";
  ctx.fillText(title, gap, 56);
  for (const [i, panel] of panels.entries()) {
    if (hooks.signal?.aborted) throw new ExportCancelled();
    const x = gap + (i % columns) * (cellWidth + gap);
    const y = 96 + Math.floor(i / columns) * (frameHeight + textHeight + gap);
    // Each frame keeps its own aspect ratio inside a uniform cell.
    const w = Math.min(cellWidth, frameHeight * panel.aspect);
    const h = w / panel.aspect;
    await drawFrame(ctx, panel, x + (cellWidth - w) / 2, y + (frameHeight - h) / 2, w, h, true);
    ctx.strokeStyle = "#e4e2dc";
    ctx.strokeRect(x + (cellWidth - w) / 2, y + (frameHeight - h) / 2, w, h);
    ctx.fillStyle = INK;
    ctx.font = `700 18px ${FONT}`;
    ctx.fillText(`Shot ${panel.number}`, x, y + frameHeight + 26);
    ctx.font = `400 16px ${FONT}`;
    ctx.fillStyle = "#6b6b70";
    ctx.fillText(ellipsize(ctx, panel.caption, cellWidth), x, y + frameHeight + 50);
    hooks.onProgress?.({ done: i + 1, total: panels.length });
    if (i % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return canvas.convertToBlob({ type: "image/png" });
}

function ellipsize(ctx: OffscreenCanvasRenderingContext2D, text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  if (ctx.measureText(oneLine).width <= width) return oneLine;
  let cut = oneLine;
  while (cut && ctx.measureText(cut + "…").width > width) cut = cut.slice(0, -1);
  return cut + "…";
}
