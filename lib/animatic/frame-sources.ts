import { panelImage, panelImageSize } from "../board/chosen";
import type { Panel } from "../state/panel-schema";
import type { FrameSource, TimelinePanel } from "./timeline";

/**
 * What the animatic draws for each panel, for presentation and every export: the panel's image
 * (its chosen take, or its sketch) decoded once, or a slate card saying the shot has no image yet.
 */
export function timelinePanels(panels: readonly Panel[]): TimelinePanel[] {
  return panels.map((panel) => ({ durationSec: panel.shot.durationSec, move: panel.animatic.move, transition: panel.animatic.transition }));
}

/** A dark card at the panel's own size: "Shot 4 · no image yet", so the cut still reads in the edit. */
export function slateCard(shotNumber: number, width: number, height: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#1d1d21";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#f4f4f5";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  const size = Math.round(height / 9);
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.fillText(`Shot ${shotNumber}`, width / 2, height / 2 - size * 0.6);
  ctx.fillStyle = "#a1a1aa";
  ctx.font = `400 ${Math.round(size * 0.55)}px system-ui, sans-serif`;
  ctx.fillText("No image yet: generate or sketch it", width / 2, height / 2 + size * 0.5);
  return canvas;
}

export type BlobReader = (blobId: string) => Promise<Blob | undefined>;

/**
 * Decodes every panel's image once (off the main thread, with createImageBitmap), in board order.
 * A panel without an image, or whose image is missing from storage or will not decode, gets a
 * slate card instead, and is listed in `missing` so the caller can say so.
 */
export async function loadFrameSources(panels: readonly Panel[], readBlob: BlobReader): Promise<{ sources: FrameSource[]; missing: number[] }> {
  const missing: number[] = [];
  const sources = await Promise.all(
    panels.map(async (panel, index): Promise<FrameSource> => {
      const shown = panelImage(panel);
      const blob = shown ? await readBlob(shown.image.blobId) : undefined;
      if (blob) {
        try {
          const bitmap = await createImageBitmap(blob);
          return { source: bitmap, width: bitmap.width, height: bitmap.height };
        } catch {
          // Falls through to the slate card below.
        }
      }
      missing.push(index + 1);
      const { width, height } = panelImageSize(panel);
      const card = slateCard(index + 1, width, height);
      return { source: card, width, height };
    }),
  );
  return { sources, missing: missing.sort((a, b) => a - b) };
}

/** Frees the decoded images of `sources` (slate cards are canvases, left to the collector). */
export function releaseSources(sources: readonly FrameSource[]): void {
  for (const { source } of sources) if (source instanceof ImageBitmap) source.close();
}
