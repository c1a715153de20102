import { describe, expect, it } from "vitest";
import { audioSchedule } from "@/lib/animatic/audio-schedule";
import { DEFAULT_PANEL_ANIMATIC, type AudioClip } from "@/lib/state/animatic-schema";
import { DEFAULT_GENERATION_SETTINGS } from "@/lib/state/panel-schema";
import { newPanel } from "@/lib/state/panel-slice";

const clip = (blobId: string, durationSec: number, volume = 1): AudioClip => ({
  audio: { blobId, type: "audio/wav", fileName: `${blobId}.wav`, bytes: 100, durationSec },
  volume,
});
const shot = (durationSec: number, sound: AudioClip | null = null) => {
  const panel = newPanel(null, DEFAULT_GENERATION_SETTINGS);
  return { ...panel, shot: { ...panel.shot, durationSec }, animatic: { ...DEFAULT_PANEL_ANIMATIC, clip: sound } };
};

describe("audio schedule", () => {
  it("starts each clip with its panel and the soundtrack at zero", () => {
    const sounds = audioSchedule([shot(2, clip("a", 1)), shot(3), shot(4, clip("c", 1.5, 0.5))], { soundtrack: clip("music", 60, 0.3) });
    expect(sounds.map((s) => [s.clip.audio.blobId, s.startSec, s.maxSec, s.shot, s.clip.volume])).toEqual([
      ["music", 0, 9, null, 0.3],
      ["a", 0, 1, 1, 1],
      ["c", 5, 1.5, 3, 0.5],
    ]);
  });

  it("cuts a clip that would run past the end of the board, and schedules nothing on an empty board", () => {
    const sounds = audioSchedule([shot(2), shot(1.5, clip("long", 10))], { soundtrack: null });
    expect(sounds).toEqual([expect.objectContaining({ startSec: 2, maxSec: 1.5 })]);
    expect(audioSchedule([], { soundtrack: clip("music", 60) })).toEqual([]);
  });
});
