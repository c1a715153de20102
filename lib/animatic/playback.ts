import { resolveImageSize } from "../fal/schema";
import type { GenerationSettings } from "../state/panel-schema";
import type { ScheduledSound } from "./audio-schedule";
import type { FrameState } from "./timeline";

/**
 * Pure pieces of playing the animatic in the app: the timecode, where each sound starts when
 * playback starts at some point of the board, and how much of each layer's panel is seen.
 */

/** mm:ss.f, tenths rounded down so the display never runs ahead of the picture. */
export function formatTimecode(seconds: number): string {
  const tenths = Math.floor(Math.max(0, seconds) * 10 + 1e-6);
  const minutes = Math.floor(tenths / 600);
  const secs = Math.floor((tenths % 600) / 10);
  return `${String(minutes).padStart(2, "0")}:${String(secs).padStart(2, "0")}.${tenths % 10}`;
}

export interface SoundStart {
  /** Index into the schedule. */
  index: number;
  /** Seconds from now until it starts (0: at once, part-way through). */
  delay: number;
  /** Where in the sound to start. */
  offset: number;
  /** How long it plays from there. */
  duration: number;
}

/** The sounds still to be heard when playback starts at `at` seconds, and how to start each one. */
export function soundStarts(sounds: readonly ScheduledSound[], at: number): SoundStart[] {
  const starts: SoundStart[] = [];
  sounds.forEach((sound, index) => {
    const end = sound.startSec + sound.maxSec;
    if (at >= end - 1e-3) return;
    const offset = Math.max(0, at - sound.startSec);
    starts.push({ index, delay: Math.max(0, sound.startSec - at), offset, duration: sound.maxSec - offset });
  });
  return starts;
}

/**
 * How visible each layer's panel is once everything above it and the fade are drawn: the balloons
 * of a panel fade with it, so a crossfade hands them over as it hands over the picture.
 */
export function layerVisibility(state: FrameState): { panel: number; visible: number }[] {
  let above = 1 - Math.min(1, state.fade);
  const out: { panel: number; visible: number }[] = [];
  for (let i = state.layers.length - 1; i >= 0; i--) {
    const { panel, opacity } = state.layers[i]!;
    const o = Math.min(1, Math.max(0, opacity));
    out.unshift({ panel, visible: above * o });
    above *= 1 - o;
  }
  return out;
}

/** Where a frame of `aspect` sits, contained and centred, in a stage of `stageAspect`: as fractions of the stage. */
export function containedBox(aspect: number, stageAspect: number): { left: number; top: number; width: number; height: number } {
  if (aspect >= stageAspect) {
    const height = stageAspect / aspect;
    return { left: 0, top: (1 - height) / 2, width: 1, height };
  }
  const width = aspect / stageAspect;
  return { left: (1 - width) / 2, top: 0, width, height: 1 };
}

/** The animatic's frame shape: the project's aspect ratio (its new panels' image size), as the video's. */
export function boardAspect(size: GenerationSettings["imageSize"]): number {
  const { width, height } = resolveImageSize(size.kind === "custom" ? { width: size.width, height: size.height } : size.preset);
  return width / height;
}
