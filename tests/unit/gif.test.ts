import { GifReader } from "omggif";
import { describe, expect, it } from "vitest";
import type { TimelinePanel } from "@/lib/animatic/timeline";
import { encodeGif, estimateGifBytes, gifFramePlan, gifSizeWarning, GIF_WARN_BYTES } from "@/lib/export/gif";

const still = (durationSec: number, transition: TimelinePanel["transition"] = { kind: "cut", durationSec: 0.5 }): TimelinePanel => ({ durationSec, move: { kind: "none" }, transition });
const COLOURS = [[220, 40, 40], [40, 200, 60], [30, 60, 220]] as const;

/** Paints each frame as its layers' colours mixed by opacity, then the fade: enough to tell panels apart after decoding. */
function render(width: number, height: number) {
  return (frame: ReturnType<typeof gifFramePlan>[number]) => {
    let rgb = [0, 0, 0];
    for (const layer of frame.state.layers) rgb = rgb.map((c, i) => c * (1 - layer.opacity) + COLOURS[layer.panel]![i]! * layer.opacity);
    rgb = rgb.map((c) => c * (1 - frame.state.fade));
    const data = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) data.set([...rgb, 255], p * 4);
    return data;
  };
}

function decode(bytes: Uint8Array) {
  const reader = new GifReader(bytes);
  const frames = Array.from({ length: reader.numFrames() }, (_, i) => {
    const pixels = new Uint8Array(reader.width * reader.height * 4);
    reader.decodeAndBlitFrameRGBA(i, pixels);
    return { delay: reader.frameInfo(i).delay, rgb: [...pixels.subarray(0, 3)] };
  });
  return { width: reader.width, height: reader.height, loops: reader.loopCount(), frames };
}

describe("GIF of the animatic", () => {
  it("shows a board of still shots as one frame per shot, each for its duration", () => {
    const frames = gifFramePlan([still(3), still(1.5), still(2)]);
    const gif = decode(encodeGif(frames, 16, 9, render(16, 9))!);
    expect(gif).toMatchObject({ width: 16, height: 9, loops: 0 });
    expect(gif.frames.map((f) => f.delay)).toEqual([300, 150, 200]);
    // Colours come back within GIF's 12-bit palette rounding.
    gif.frames.forEach((f, i) => f.rgb.forEach((c, j) => expect(Math.abs(c - COLOURS[i]![j]!)).toBeLessThanOrEqual(17)));
  });

  it("draws transitions frame by frame at 10 fps, and the delays add up to the board's length", () => {
    const frames = gifFramePlan([still(2, { kind: "crossfade", durationSec: 1 }), still(2, { kind: "dip-to-black", durationSec: 0.6 }), still(1.5)]);
    const gif = decode(encodeGif(frames, 8, 8, render(8, 8))!);
    const delays = gif.frames.map((f) => f.delay);
    expect(delays.reduce((a, b) => a + b)).toBe(550);
    // Still until the crossfade starts at 1.5 s, then 10 frames of 0.1 s, still again, then the dip's 5
    // (its first sample, at 3.7 s, is not darker yet, so it extends the still frame).
    expect(delays.slice(0, 1)).toEqual([150]);
    expect(delays.slice(1, 11)).toEqual(new Array(10).fill(10));
    expect(delays.filter((d) => d === 10)).toHaveLength(15);
    // Mid-crossfade mixes the two panels; the dip reaches black at the cut (4 s).
    const at = (sec: number) => gif.frames[frames.findIndex((f, i) => f.t <= sec && (frames[i + 1]?.t ?? Infinity) > sec)]!.rgb;
    expect(at(2)[0]).toBeGreaterThan(80);
    expect(at(2)[1]).toBeGreaterThan(80);
    expect(at(4)).toEqual([0, 0, 0]);
  });

  it("stops when told to", () => {
    const frames = gifFramePlan([still(1, { kind: "crossfade", durationSec: 1 }), still(1)]);
    expect(encodeGif(frames, 4, 4, render(4, 4), (done) => done < 3)).toBeNull();
  });

  it("warns past 8 MB, saying how big and what to do", () => {
    expect(GIF_WARN_BYTES).toBe(8_000_000);
    // A minute of moving 480 x 270 frames at 10 fps is well past it.
    expect(estimateGifBytes(600, 480, 270)).toBeGreaterThan(GIF_WARN_BYTES);
    expect(gifSizeWarning(12_400_000, false)).toBe(
      "This GIF is 12.4 MB; past 8 MB GIFs are slow to send and to open. Choose a smaller width, or shorten the board, or export an animatic video instead.",
    );
  });
});
