import type { ResolvedComic, ResolvedFrame } from "../comic-types";
import { filledFrames, type FrameRef } from "./print-geometry";

/**
 * A webtoon strip: every panel of every page, in reading order, stacked at the strip's width
 * with a gap between them, then cut into slices no taller than a reader app loads comfortably,
 * cutting in the gaps between panels whenever a panel fits. Empty frames are left out.
 */
export const WEBTOON = { width: 800, gap: 48, pad: 24, maxSlice: 1280 } as const;

export interface StripBlock {
  ref: FrameRef;
  frame: ResolvedFrame;
  /** Pixels from the strip's top. */
  top: number;
  height: number;
}

export interface StripPlan {
  width: number;
  height: number;
  blocks: StripBlock[];
  slices: { top: number; height: number }[];
}

export function planStrip(comic: ResolvedComic, { width, gap, pad, maxSlice } = WEBTOON): StripPlan {
  const blocks: StripBlock[] = [];
  let y = pad;
  for (const { frame, ref } of filledFrames(comic.pages)) {
    const height = Math.max(1, Math.round((width * frame.rect.height) / frame.rect.width));
    blocks.push({ ref, frame, top: y, height });
    y += height + gap;
  }
  const height = blocks.length ? y - gap + pad : 0;
  // Cut in the middle of each gap (and of the padding at either end).
  const cuts = blocks.slice(1).map((b) => b.top - Math.round(gap / 2));
  return { width, height, blocks, slices: planSlices(cuts, height, maxSlice) };
}

/**
 * Slices covering [0, total): each ends at the last cut that keeps it within `max`, or at `max`
 * when none does (a panel taller than a slice). A cut that would leave a sliver (under a quarter
 * of a slice) is passed over: readers show slices edge to edge, so cutting inside a panel is
 * invisible, while a strip of 6 px slices is not.
 */
export function planSlices(cuts: number[], total: number, max: number): { top: number; height: number }[] {
  const slices: { top: number; height: number }[] = [];
  for (let top = 0; top < total; ) {
    const limit = top + max;
    let end = Math.min(total, limit);
    if (total > limit) {
      const fitting = cuts.filter((c) => c >= top + max / 4 && c <= limit);
      if (fitting.length) end = fitting[fitting.length - 1]!;
    }
    slices.push({ top, height: end - top });
    top = end;
  }
  return slices;
}
