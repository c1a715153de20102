import { applyPalette, GIFEncoder, quantize, type Palette } from "gifenc";
import { formatBytes } from "../format-bytes";
import { frameAt, totalDuration, type FrameState, type TimelinePanel } from "../animatic/timeline";

/**
 * The animatic as a GIF, for quick sharing: small (480 px wide) and at 10 frames a second, which
 * GIF's delays in hundredths of a second hold exactly (12 fps would alternate 8 and 9). Runs of
 * identical frames (a still shot between its transitions) become one frame shown for their whole
 * length, so a board of still shots costs a frame per shot, and the total equals the board's.
 */
export const GIF_FPS = 10;
export const GIF_WIDTHS = [320, 480, 640] as const;
export type GifWidth = (typeof GIF_WIDTHS)[number];
export const GIF_DEFAULT_WIDTH: GifWidth = 480;
/** Past this a GIF is slow to send and to open; the export says so. */
export const GIF_WARN_BYTES = 8 * 1000 * 1000;

export interface GifFrame {
  /** The moment drawn, seconds from the board's start. */
  t: number;
  /** How long it shows, in hundredths of a second (GIF's unit). */
  delayCs: number;
  state: FrameState;
}

const sameState = (a: FrameState, b: FrameState) => JSON.stringify(a) === JSON.stringify(b);

export function gifFramePlan(panels: readonly TimelinePanel[], fps = GIF_FPS): GifFrame[] {
  const total = totalDuration(panels);
  // Frame k shows over [k/fps, (k+1)/fps); its delay is the difference of the rounded ends, so rounding never accumulates.
  const edge = (k: number) => Math.round(Math.min(k / fps, total) * 100);
  const frames: GifFrame[] = [];
  for (let k = 0; k / fps < total - 1e-9; k++) {
    const t = k / fps;
    const state = frameAt(panels, t);
    const delayCs = edge(k + 1) - edge(k);
    const last = frames.at(-1);
    if (last && (delayCs === 0 || sameState(last.state, state))) last.delayCs += delayCs;
    else frames.push({ t, delayCs, state });
  }
  return frames;
}

export function gifSize(aspect: number, width: GifWidth): { width: number; height: number } {
  return { width, height: Math.max(2, Math.round(width / aspect / 2) * 2) };
}

/**
 * A rough size before encoding, from GIF's typical half a byte per pixel of a changed illustrated
 * frame; the real size is checked again once encoded.
 */
export function estimateGifBytes(frames: number, width: number, height: number): number {
  return Math.round(frames * width * height * 0.5);
}

export const gifSizeWarning = (bytes: number, estimated: boolean) =>
  `${estimated ? "This GIF may come to about" : "This GIF is"} ${formatBytes(bytes)}; past ${formatBytes(GIF_WARN_BYTES)} GIFs are slow to send and to open. Choose a smaller width, or shorten the board, or export an animatic video instead.`;

/** Frames showing the same panels (and fade or not) share a palette: a camera move keeps its image's colours. */
const paletteKey = (state: FrameState) => state.layers.map((l) => l.panel).join("+") + (state.fade > 0 ? "|fade" : "");
const SAMPLE_STEP = 4;

/** Every SAMPLE_STEP-th pixel of each frame, together: what the shared palette is built from. */
function samplePixels(frames: Uint8ClampedArray[]): Uint8ClampedArray {
  const per = Math.ceil(frames[0]!.length / 4 / SAMPLE_STEP);
  const out = new Uint8ClampedArray(per * 4 * frames.length);
  frames.forEach((rgba, f) => {
    for (let i = 0; i < per; i++) out.set(rgba.subarray(i * SAMPLE_STEP * 4, i * SAMPLE_STEP * 4 + 4), (f * per + i) * 4);
  });
  return out;
}

/**
 * Encodes the frames; `render` returns each frame's RGBA pixels (a canvas in the worker, plain
 * arrays in tests). `onFrame` is told after each, and returning false from it stops the encode.
 *
 * Building a palette is most of the cost of a GIF frame, so a run of frames showing the same
 * panels (a move, a crossfade, a dip) shares one, built from its first, middle and last frames.
 */
export function encodeGif(frames: readonly GifFrame[], width: number, height: number, render: (frame: GifFrame) => Uint8ClampedArray, onFrame?: (done: number) => boolean | void): Uint8Array | null {
  const gif = GIFEncoder();
  let palette: Palette = [];
  for (const [index, frame] of frames.entries()) {
    const key = paletteKey(frame.state);
    if (index === 0 || key !== paletteKey(frames[index - 1]!.state)) {
      let end = index;
      while (end + 1 < frames.length && paletteKey(frames[end + 1]!.state) === key) end++;
      const samples = [...new Set([index, Math.floor((index + end) / 2), end])].map((i) => render(frames[i]!));
      palette = quantize(samplePixels(samples), 256, { format: "rgb444" });
    }
    const rgba = render(frame);
    // gifenc takes milliseconds and rounds them to GIF's hundredths.
    gif.writeFrame(applyPalette(rgba, palette, "rgb444"), width, height, { palette, delay: frame.delayCs * 10, repeat: 0 });
    if (onFrame?.(index + 1) === false) return null;
  }
  gif.finish();
  return gif.bytes();
}
