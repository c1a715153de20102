import type { CameraMove, FrameRect, Transition } from "../state/animatic-schema";

/**
 * The animatic's timeline as pure functions of time: which panels show at a moment, how much of
 * each, and through which part of its image (the camera move). Presentation and every export draw
 * from `frameAt`, so what plays in the app is what the file holds.
 *
 * Panel i owns [start_i, start_i + duration_i); the board lasts the sum of the durations. A
 * transition into the next panel is centred on the cut, half on each side, and never longer than
 * half of either panel, so it changes what shows near the cut but never the total length.
 */
export interface TimelinePanel {
  durationSec: number;
  move: CameraMove;
  /** Into the next panel; the last panel's is not played. */
  transition: Transition;
}

export interface Layer {
  panel: number;
  /** The part of the panel's image on screen, as fractions of the image. */
  view: FrameRect;
  opacity: number;
}

export interface FrameState {
  /** Bottom first; each drawn over the ones before with its opacity. */
  layers: Layer[];
  /** Black over everything (dip to black), 0 to 1. */
  fade: number;
}

export const FULL_FRAME: FrameRect = { x: 0, y: 0, width: 1, height: 1 };
/** How far preset moves zoom: pans travel across a frame this much smaller than the image. */
const MOVE_SCALE = 0.8;
const MARGIN = 1 - MOVE_SCALE;

const inset = (x: number, y: number): FrameRect => ({ x, y, width: MOVE_SCALE, height: MOVE_SCALE });

const PRESETS: Record<Exclude<CameraMove["kind"], "none" | "custom">, readonly [FrameRect, FrameRect]> = {
  "push-in": [FULL_FRAME, inset(MARGIN / 2, MARGIN / 2)],
  "pull-out": [inset(MARGIN / 2, MARGIN / 2), FULL_FRAME],
  // The camera turns left: the view travels from the right of the image to its left.
  "pan-left": [inset(MARGIN, MARGIN / 2), inset(0, MARGIN / 2)],
  "pan-right": [inset(0, MARGIN / 2), inset(MARGIN, MARGIN / 2)],
  "pan-up": [inset(MARGIN / 2, MARGIN), inset(MARGIN / 2, 0)],
  "pan-down": [inset(MARGIN / 2, 0), inset(MARGIN / 2, MARGIN)],
};

/** Where a move starts and ends. */
export function moveEnds(move: CameraMove): readonly [FrameRect, FrameRect] {
  if (move.kind === "none") return [FULL_FRAME, FULL_FRAME];
  if (move.kind === "custom") return [move.from ?? FULL_FRAME, move.to ?? FULL_FRAME];
  return PRESETS[move.kind];
}

/** Slow in, slow out: a camera operator's move rather than a mechanical one. */
export function easeInOut(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return c < 0.5 ? 2 * c * c : 1 - (-2 * c + 2) ** 2 / 2;
}

const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

/** The view of a move at `progress` (0 at the panel's start, 1 at its end). */
export function viewAt(move: CameraMove, progress: number): FrameRect {
  const [from, to] = moveEnds(move);
  const t = easeInOut(progress);
  return { x: lerp(from.x, to.x, t), y: lerp(from.y, to.y, t), width: lerp(from.width, to.width, t), height: lerp(from.height, to.height, t) };
}

export function panelStarts(panels: readonly TimelinePanel[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const panel of panels) {
    starts.push(at);
    at += panel.durationSec;
  }
  return starts;
}

export function totalDuration(panels: readonly TimelinePanel[]): number {
  return panels.reduce((sum, p) => sum + p.durationSec, 0);
}

/** Half the played length of the transition out of panel i: 0 for a cut and for the last panel. */
export function transitionHalf(panels: readonly TimelinePanel[], i: number): number {
  const panel = panels[i];
  const next = panels[i + 1];
  if (!panel || !next || panel.transition.kind === "cut") return 0;
  return Math.min(panel.transition.durationSec / 2, panel.durationSec / 2, next.durationSec / 2);
}

/** The panel whose own slot holds time t (the last one from the end on). */
export function panelAt(panels: readonly TimelinePanel[], t: number): number {
  const starts = panelStarts(panels);
  for (let i = panels.length - 1; i >= 0; i--) if (t >= starts[i]!) return i;
  return 0;
}

export function frameAt(panels: readonly TimelinePanel[], t: number): FrameState {
  if (panels.length === 0) return { layers: [], fade: 0 };
  const starts = panelStarts(panels);
  const layer = (i: number, opacity: number): Layer => ({
    panel: i,
    view: viewAt(panels[i]!.move, (t - starts[i]!) / panels[i]!.durationSec),
    opacity,
  });
  const i = panelAt(panels, t);
  const start = starts[i]!;
  const end = start + panels[i]!.durationSec;
  const halfIn = i > 0 ? transitionHalf(panels, i - 1) : 0;
  const halfOut = transitionHalf(panels, i);
  if (halfIn > 0 && t < start + halfIn) {
    // Just after the cut from the previous panel.
    const progress = (t - (start - halfIn)) / (2 * halfIn);
    if (panels[i - 1]!.transition.kind === "crossfade") return { layers: [layer(i - 1, 1), layer(i, progress)], fade: 0 };
    return { layers: [layer(i, 1)], fade: 1 - (t - start) / halfIn };
  }
  if (halfOut > 0 && t >= end - halfOut) {
    // Just before the cut into the next panel.
    const progress = (t - (end - halfOut)) / (2 * halfOut);
    if (panels[i]!.transition.kind === "crossfade") return { layers: [layer(i, 1), layer(i + 1, progress)], fade: 0 };
    return { layers: [layer(i, 1)], fade: (t - (end - halfOut)) / halfOut };
  }
  return { layers: [layer(i, 1)], fade: 0 };
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
export interface FrameSource {
  source: CanvasImageSource;
  width: number;
  height: number;
}

/**
 * Draws a frame: black, then each layer's view of its image fitted whole into the frame (letterboxed
 * when the image's shape differs), then the fade. A layer without a source is left out; callers give
 * a sketch or a slate card for panels without an image. `afterLayer` draws over each layer before the
 * next one goes on, with the layer's opacity set (the video's balloons fade with their panel).
 */
export function drawFrame(
  ctx: Context2D,
  state: FrameState,
  sources: readonly (FrameSource | null)[],
  width: number,
  height: number,
  afterLayer?: (layer: Layer) => void,
): void {
  ctx.globalAlpha = 1;
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, width, height);
  for (const { panel, view, opacity } of state.layers) {
    const image = sources[panel];
    if (!image || opacity <= 0) continue;
    const sw = view.width * image.width;
    const sh = view.height * image.height;
    const scale = Math.min(width / sw, height / sh);
    const dw = sw * scale;
    const dh = sh * scale;
    ctx.globalAlpha = Math.min(1, opacity);
    ctx.drawImage(image.source, view.x * image.width, view.y * image.height, sw, sh, (width - dw) / 2, (height - dh) / 2, dw, dh);
    afterLayer?.({ panel, view, opacity });
  }
  if (state.fade > 0) {
    ctx.globalAlpha = Math.min(1, state.fade);
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, width, height);
  }
  ctx.globalAlpha = 1;
}
