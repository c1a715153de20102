import { describe, expect, it } from "vitest";
import type { ScheduledSound } from "@/lib/animatic/audio-schedule";
import { buildEdl, timecode, type EdlShot } from "@/lib/export/edl";
import type { Transition } from "@/lib/state/animatic-schema";
import { parseEdl } from "../support/edl-parse";

const cut: Transition = { kind: "cut", durationSec: 0.5 };
const shot = (n: number, durationSec: number, transition: Transition = cut): EdlShot => ({ durationSec, move: { kind: "none" }, transition, fileName: `shot-00${n}.png` });
const HOUR = 3600;

describe("CMX 3600 edit list", () => {
  it("writes one cut event per shot, back to back from 01:00:00:00, at the chosen rate", () => {
    const edl = parseEdl(buildEdl("My board", [shot(1, 3), shot(2, 1.5), shot(3, 2)], [], 24), 24);
    expect(edl.title).toBe("My board");
    expect(edl.fcm).toBe("NON-DROP FRAME");
    const start = HOUR * 24;
    expect(edl.events.map((e) => e.lines.map((l) => [l.reel, l.track, l.kind, l.srcIn, l.srcOut, l.recIn - start, l.recOut - start]))).toEqual([
      [["SHOT001", "V", "C", 0, 72, 0, 72]],
      [["SHOT002", "V", "C", 0, 36, 72, 108]],
      [["SHOT003", "V", "C", 0, 48, 108, 156]],
    ]);
    expect(edl.events.map((e) => e.comments)).toEqual([["FROM CLIP NAME: shot-001.png"], ["FROM CLIP NAME: shot-002.png"], ["FROM CLIP NAME: shot-003.png"]]);
  });

  it("writes a crossfade as a dissolve centred on the cut, its length in frames, without changing the total", () => {
    const fade: Transition = { kind: "crossfade", durationSec: 1 };
    const edl = parseEdl(buildEdl("X", [shot(1, 3, fade), shot(2, 2), shot(3, 2)], [], 25), 25);
    const start = HOUR * 25;
    const [first, dissolve, third] = edl.events;
    expect(first!.lines).toEqual([expect.objectContaining({ reel: "SHOT001", recIn: start, recOut: start + 63, srcIn: 0, srcOut: 63 })]);
    // From shot 1 (zero length, where its source has got to), dissolving over 25 frames into shot 2 up to its cut.
    expect(dissolve!.lines).toEqual([
      expect.objectContaining({ reel: "SHOT001", kind: "C", srcIn: 63, srcOut: 63, recIn: start + 63, recOut: start + 63 }),
      expect.objectContaining({ reel: "SHOT002", kind: "D", length: 25, srcIn: 0, recIn: start + 63, recOut: start + 125 }),
    ]);
    expect(dissolve!.comments).toEqual(["FROM CLIP NAME: shot-001.png", "TO CLIP NAME: shot-002.png"]);
    expect(third!.lines).toEqual([expect.objectContaining({ reel: "SHOT003", recIn: start + 125, recOut: start + 175 })]);
    expect(edl.events).toHaveLength(3);
  });

  it("writes a dip to black as a dissolve into black and one out of it, half the length each", () => {
    const dip: Transition = { kind: "dip-to-black", durationSec: 1 };
    const edl = parseEdl(buildEdl("X", [shot(1, 2, dip), shot(2, 2)], [], 30), 30);
    const start = HOUR * 30;
    expect(edl.events.map((e) => e.lines.map((l) => [l.reel, l.kind, l.length, l.recIn - start, l.recOut - start]))).toEqual([
      [["SHOT001", "C", null, 0, 45]],
      [
        ["SHOT001", "C", null, 45, 45],
        ["BL", "D", 15, 45, 60],
      ],
      [
        ["BL", "C", null, 60, 60],
        ["SHOT002", "D", 15, 60, 120],
      ],
    ]);
  });

  it("puts sounds on audio tracks where they start, overlapping ones on A2, each as long as it plays", () => {
    const sound = (shotNumber: number | null, startSec: number, maxSec: number) => ({ clip: null, startSec, maxSec, shot: shotNumber }) as unknown as ScheduledSound;
    const text = buildEdl("X", [shot(1, 2), shot(2, 2), shot(3, 2)], [
      { sound: sound(1, 0, 3), fileName: "shot-001-line.wav" },
      { sound: sound(2, 2, 1), fileName: "shot-002-door.mp3" },
      { sound: sound(3, 4, 2), fileName: "shot-003-bang.ogg" },
    ], 24);
    const audio = parseEdl(text, 24).events.slice(3);
    const start = HOUR * 24;
    expect(audio.map((e) => [e.lines[0]!.reel, e.lines[0]!.track, e.lines[0]!.recIn - start, e.lines[0]!.recOut - start, e.comments[0]])).toEqual([
      ["SND001", "A", 0, 72, "FROM CLIP NAME: shot-001-line.wav"],
      ["SND002", "A2", 48, 72, "FROM CLIP NAME: shot-002-door.mp3"],
      ["SND003", "A", 96, 144, "FROM CLIP NAME: shot-003-bang.ogg"],
    ]);
  });

  it("writes timecodes as hours, minutes, seconds and frames", () => {
    expect(timecode(24 * 3600 + 24 * 61 + 5, 24)).toBe("01:01:01:05");
  });
});
