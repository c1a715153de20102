import { drawFrame, frameAt, panelAt, type FrameSource, type TimelinePanel } from "../timeline";
import type { RenderJob } from "./job";
import { TITLE_CARD_SEC } from "./options";
import { timecode } from "../../export/edl";
import { balloonOverlay, captionOverlay, drawSlate, titleCard, type Overlay } from "./overlays";

/** How much bigger than the frame a pre-scaled image is kept, so a push-in to 80 % still draws 1:1. */
const ZOOM_HEADROOM = 1.25;

/**
 * Scales each panel's image once to about the output size (with headroom for the camera's zoom),
 * so each frame's drawImage reads a few hundred thousand pixels rather than a full-size image.
 */
async function prescale(image: ImageBitmap, width: number, height: number): Promise<FrameSource> {
  const fit = Math.min(width / image.width, height / image.height) * ZOOM_HEADROOM;
  if (fit >= 1) return { source: image, width: image.width, height: image.height };
  const w = Math.max(1, Math.round(image.width * fit));
  const h = Math.max(1, Math.round(image.height * fit));
  const scaled = await createImageBitmap(image, { resizeWidth: w, resizeHeight: h, resizeQuality: "high" });
  image.close();
  return { source: scaled, width: w, height: h };
}

/** The board's panels with the title card in front when it is on: one timeline for pictures and burn-ins. */
export interface FramePainter {
  frames: number;
  paint(frame: number): void;
}

export async function framePainter(job: RenderJob, canvas: OffscreenCanvas): Promise<FramePainter> {
  const { width, height, fps, burnIns } = job;
  const ctx = canvas.getContext("2d", { alpha: false })!;
  ctx.imageSmoothingQuality = "medium";
  const sources: FrameSource[] = await Promise.all(job.images.map((image) => prescale(image, width, height)));
  const panels: TimelinePanel[] = [...job.panels];
  // Per timeline entry: the shot it shows (null for the title card), its balloons and caption.
  const shots: (number | null)[] = job.texts.map((t) => t.shot);
  const balloons: (Overlay | null)[] = await Promise.all(job.texts.map((t, i) => (burnIns.balloons ? balloonOverlay(t, sources[i]!, width, height) : null)));
  const captions: (Overlay | null)[] = job.texts.map((t) => (burnIns.captions ? captionOverlay(t.caption, width, height) : null));
  if (job.title) {
    const card = titleCard(job.title.heading, job.title.detail, width, height);
    sources.unshift({ source: card, width, height });
    panels.unshift({ durationSec: TITLE_CARD_SEC, move: { kind: "none" }, transition: { kind: "cut", durationSec: 0.5 } });
    shots.unshift(null);
    balloons.unshift(null);
    captions.unshift(null);
  }
  const total = panels.reduce((sum, p) => sum + p.durationSec, 0);
  const frames = Math.round(total * fps);
  const put = (overlay: Overlay) => ctx.drawImage(overlay.bitmap, overlay.x, overlay.y);

  return {
    frames,
    paint(frame) {
      const t = frame / fps;
      const state = frameAt(panels, t);
      drawFrame(ctx, state, sources, width, height, (layer) => {
        const overlay = balloons[layer.panel];
        if (overlay) put(overlay);
      });
      const current = panelAt(panels, t);
      const caption = captions[current];
      if (caption) put(caption);
      const shot = shots[current];
      if (burnIns.slate) drawSlate(ctx, `${shot === null || shot === undefined ? "Title" : `Shot ${shot}`}  ${timecode(frame, fps)}`, width, height);
    },
  };
}
