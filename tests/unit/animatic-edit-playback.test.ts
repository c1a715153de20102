import { describe, expect, it } from "vitest";
import type { ScheduledSound } from "@/lib/animatic/audio-schedule";
import { boardAspect, containedBox, formatTimecode, layerVisibility, soundStarts } from "@/lib/animatic/playback";
import { frameAt, type TimelinePanel } from "@/lib/animatic/timeline";

const sound = (startSec: number, maxSec: number, shot: number | null): ScheduledSound => ({
  clip: { audio: { blobId: `b${shot}`, type: "audio/wav", fileName: "a.wav", bytes: 10, durationSec: maxSec }, volume: 1 },
  startSec,
  maxSec,
  shot,
});

describe("animatic playback in the app", () => {
  it("writes the timecode as mm:ss.f, never ahead of the picture", () => {
    expect(formatTimecode(0)).toBe("00:00.0");
    expect(formatTimecode(1.25)).toBe("00:01.2");
    expect(formatTimecode(3)).toBe("00:03.0");
    expect(formatTimecode(0.3)).toBe("00:00.3");
    expect(formatTimecode(65.99)).toBe("01:05.9");
    expect(formatTimecode(-1)).toBe("00:00.0");
  });

  it("starts each sound at its offset when playback starts part-way through the board", () => {
    const sounds = [sound(0, 10, null), sound(3, 2, 2), sound(6, 1.5, 3)];
    expect(soundStarts(sounds, 0)).toEqual([
      { index: 0, delay: 0, offset: 0, duration: 10 },
      { index: 1, delay: 3, offset: 0, duration: 2 },
      { index: 2, delay: 6, offset: 0, duration: 1.5 },
    ]);
    // Seeking into shot 2's clip: the soundtrack and the clip join mid-way, shot 3's waits.
    expect(soundStarts(sounds, 4)).toEqual([
      { index: 0, delay: 0, offset: 4, duration: 6 },
      { index: 1, delay: 0, offset: 1, duration: 1 },
      { index: 2, delay: 2, offset: 0, duration: 1.5 },
    ]);
    // After a clip has ended it is not started again.
    expect(soundStarts(sounds, 5.5).map((s) => s.index)).toEqual([0, 2]);
    expect(soundStarts(sounds, 10)).toEqual([]);
  });

  it("fades a panel's balloons with how much of its picture shows", () => {
    const panels: TimelinePanel[] = [
      { durationSec: 2, move: { kind: "none" }, transition: { kind: "crossfade", durationSec: 1 } },
      { durationSec: 2, move: { kind: "none" }, transition: { kind: "dip-to-black", durationSec: 1 } },
      { durationSec: 2, move: { kind: "none" }, transition: { kind: "cut", durationSec: 0.5 } },
    ];
    expect(layerVisibility(frameAt(panels, 1))).toEqual([{ panel: 0, visible: 1 }]);
    // At the cut of a crossfade each shows half.
    expect(layerVisibility(frameAt(panels, 2))).toEqual([
      { panel: 0, visible: 0.5 },
      { panel: 1, visible: 0.5 },
    ]);
    // Half-way into a dip to black.
    const dip = layerVisibility(frameAt(panels, 3.75));
    expect(dip[0]!.panel).toBe(1);
    expect(dip[0]!.visible).toBeCloseTo(0.5);
  });

  it("places a panel's frame inside the board's", () => {
    expect(containedBox(16 / 9, 16 / 9)).toEqual({ left: 0, top: 0, width: 1, height: 1 });
    expect(containedBox(1, 2)).toEqual({ left: 0.25, top: 0, width: 0.5, height: 1 });
    expect(containedBox(2, 1)).toEqual({ left: 0, top: 0.25, width: 1, height: 0.5 });
    expect(boardAspect({ kind: "custom", width: 1200, height: 600 })).toBe(2);
  });
});
