import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { panelClipFit, soundtrackFit, formatClipLength } from "@/lib/animatic/audio-fit";
import { AudioIngestError, checkAudioBytes, sniffAudioType, wavIsComplete } from "@/lib/animatic/audio-sniff";
import { DEFAULT_PANEL_ANIMATIC, type AudioClip } from "@/lib/state/animatic-schema";
import { DEFAULT_GENERATION_SETTINGS } from "@/lib/state/panel-schema";
import { newPanel } from "@/lib/state/panel-slice";
import { blobIdsIn } from "@/lib/state/persistence";
import { DEFAULT_PROJECT_SETTINGS } from "@/lib/state/project-schema";
import { makeWav } from "../support/wav";

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));
const pad = (b: Uint8Array) => new Uint8Array([...b, ...new Array(32).fill(0)]);

describe("sniffing sound files by their bytes", () => {
  it("recognises WAV, MP3 (ID3 tag or bare frame), OGG and M4A whatever they are called", () => {
    expect(sniffAudioType(makeWav(0.1))).toBe("audio/wav");
    expect(sniffAudioType(pad(bytes("ID3", [4, 0, 0])))).toBe("audio/mpeg");
    // MPEG-1 layer III, 128 kb/s, 44.1 kHz.
    expect(sniffAudioType(pad(bytes([0xff, 0xfb, 0x90, 0x64])))).toBe("audio/mpeg");
    expect(sniffAudioType(pad(bytes("OggS", [0, 2])))).toBe("audio/ogg");
    expect(sniffAudioType(pad(bytes([0, 0, 0, 32], "ftypM4A ")))).toBe("audio/mp4");
  });

  it("refuses images and AAC-in-ADTS look-alikes, and names what a wrong file is", async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#f00" } }).png().toBuffer();
    expect(sniffAudioType(png)).toBeNull();
    expect(sniffAudioType(pad(bytes([0xff, 0xf1, 0x50, 0x80])))).toBeNull();
    expect(sniffAudioType(pad(bytes([0, 0, 0, 32], "ftypavif")))).toBeNull();
    expect(() => checkAudioBytes(png, "“beep.mp3”")).toThrow(/“beep.mp3” is a PNG image, not a sound file, whatever its name says. Choose a WAV, MP3, OGG or M4A file./);
  });

  it("refuses a WAV cut short, with a message saying so, and accepts a whole one", () => {
    const wav = makeWav(1);
    expect(wavIsComplete(wav)).toBe(true);
    expect(checkAudioBytes(wav, "x")).toBe("audio/wav");
    const cut = wav.subarray(0, wav.length / 2);
    expect(wavIsComplete(cut)).toBe(false);
    expect(wavIsComplete(wav.subarray(0, 30))).toBe(false);
    try {
      checkAudioBytes(cut, "“line.wav”");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AudioIngestError);
      expect((error as AudioIngestError).code).toBe("truncated");
      expect((error as Error).message).toMatch(/“line.wav” is a WAV file that is cut short/);
    }
  });
});

const clip = (durationSec: number): AudioClip => ({ audio: { blobId: "b", type: "audio/wav", fileName: "b.wav", bytes: 1, durationSec }, volume: 1 });
const shot = (durationSec: number, sound: AudioClip | null = null) => {
  const panel = newPanel(null, DEFAULT_GENERATION_SETTINGS);
  return { ...panel, shot: { ...panel.shot, durationSec }, animatic: { ...DEFAULT_PANEL_ANIMATIC, clip: sound } };
};

describe("how a clip fits the board", () => {
  it("says nothing when the clip ends within its shot", () => {
    expect(panelClipFit([shot(3, clip(2.9)), shot(2)], 0)).toBeNull();
  });

  it("says how far a clip plays into the next shot, as the animatic schedules it", () => {
    expect(panelClipFit([shot(3, clip(4.2)), shot(2)], 0)).toBe("Longer than the shot: plays 1.2 s into the next shot.");
    expect(panelClipFit([shot(1, clip(4)), shot(1), shot(5)], 0)).toBe("Longer than the shot: plays 3.0 s into the next shots.");
  });

  it("says the end is cut when the board ends first", () => {
    expect(panelClipFit([shot(3), shot(2, clip(3.5))], 1)).toBe("Longer than the rest of the board: the last 1.5 s is cut at the board's end.");
    expect(panelClipFit([shot(2, clip(5)), shot(2)], 0)).toBe("Longer than the shot: plays 2.0 s into the next shot, and the last 1.0 s is cut at the board's end.");
  });

  it("compares the soundtrack with the board", () => {
    expect(soundtrackFit(clip(70), 42)).toEqual({ text: "The board runs 42.0 s: the last 28.0 s of the soundtrack is cut.", warning: true });
    expect(soundtrackFit(clip(30), 42)).toEqual({ text: "The board runs 42.0 s: the soundtrack ends 12.0 s before it does.", warning: false });
    expect(formatClipLength(65)).toBe("1:05.0");
  });
});

describe("sound files in storage", () => {
  it("are named by the project like images, so collection keeps them while a clip or the soundtrack uses them", () => {
    const line = { ...clip(2), audio: { ...clip(2).audio, blobId: "line-blob" } };
    const music = { ...clip(9), audio: { ...clip(9).audio, blobId: "music-blob" } };
    const ids = blobIdsIn([[shot(3, line), shot(2)], { ...DEFAULT_PROJECT_SETTINGS, animatic: { soundtrack: music } }]);
    expect([...ids].sort()).toEqual(["line-blob", "music-blob"]);
  });
});
