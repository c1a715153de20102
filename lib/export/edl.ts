import { panelStarts, transitionHalf, type TimelinePanel } from "../animatic/timeline";
import type { ScheduledSound } from "../animatic/audio-schedule";

/**
 * The board as a CMX 3600 edit decision list, the plain-text edit list every editor imports.
 * Each panel is an event on track V whose source is its still image (named in a `* FROM CLIP
 * NAME:` comment, the name editors relink by); record timecodes start at 01:00:00:00, the usual
 * start of an edit. A crossfade is a dissolve event ("D" and its length in frames) centred on the
 * cut as in the animatic; a dip to black is a dissolve into black (reel BL) and one out of it.
 * Sounds are events on audio tracks A, A2, …: a panel's clip where its panel starts, the
 * soundtrack from the start, each as long as the animatic plays it.
 */
export const EDL_FPS = [24, 25, 30] as const;
export type EdlFps = (typeof EDL_FPS)[number];
const RECORD_START_HOURS = 1;

export interface EdlShot extends TimelinePanel {
  /** The file the event shows, e.g. shot-001.png. */
  fileName: string;
}

export interface EdlSound {
  sound: ScheduledSound;
  fileName: string;
}

/** HH:MM:SS:FF at `fps`, as editors read it: the EDL's events and the video's slate. */
export function timecode(frames: number, fps: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const ff = frames % fps;
  const seconds = Math.floor(frames / fps);
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}:${two(ff)}`;
}

/** Reel names stay within CMX's 8 characters. */
export const shotReel = (shot: number) => `SHOT${String(shot).padStart(3, "0")}`;
const soundReel = (shot: number | null) => (shot === null ? "SNDTRACK" : `SND${String(shot).padStart(3, "0")}`);

interface Line {
  reel: string;
  track: string;
  kind: "C" | "D";
  length?: number;
  src: [number, number];
  rec: [number, number];
}

function eventLines(number: number, lines: Line[], comments: string[], fps: number): string {
  const record = RECORD_START_HOURS * 3600 * fps;
  const body = lines.map(({ reel, track, kind, length, src, rec }) =>
    [
      String(number).padStart(3, "0"),
      reel.padEnd(8),
      track.padEnd(5),
      kind === "D" ? `D    ${String(length).padStart(3, "0")}` : "C       ",
      timecode(src[0], fps),
      timecode(src[1], fps),
      timecode(record + rec[0], fps),
      timecode(record + rec[1], fps),
    ].join(" "),
  );
  return [...body, ...comments.map((c) => `* ${c}`)].join("\n");
}

/** Sounds that overlap go on separate tracks: A, then A2, A3, … as needed. */
function audioTracks(sounds: readonly { start: number; end: number }[]): string[] {
  const ends: number[] = [];
  return sounds.map(({ start, end }) => {
    let track = ends.findIndex((e) => e <= start);
    if (track < 0) track = ends.push(0) - 1;
    ends[track] = end;
    return track === 0 ? "A" : `A${track + 1}`;
  });
}

export function buildEdl(title: string, shots: readonly EdlShot[], sounds: readonly EdlSound[], fps: EdlFps): string {
  const frame = (sec: number) => Math.round(sec * fps);
  const starts = panelStarts(shots);
  const cutAt = (i: number) => frame(starts[i]! + shots[i]!.durationSec);
  // Where shot i's picture stops being shown alone: where the transition out of it starts.
  const outAt = (i: number) => {
    const half = transitionHalf(shots, i);
    return half > 0 ? frame(starts[i]! + shots[i]!.durationSec - half) : cutAt(i);
  };
  const events: string[] = [];
  const add = (lines: Line[], comments: string[]) => events.push(eventLines(events.length + 1, lines, comments, fps));
  // Where shot i's own source starts on the record side (its source timecode 0).
  let inAt = 0;
  shots.forEach((shot, i) => {
    const reel = shotReel(i + 1);
    if (i === 0 || transitionHalf(shots, i - 1) === 0) {
      inAt = frame(starts[i]!);
      add([{ reel, track: "V", kind: "C", src: [0, outAt(i) - inAt], rec: [inAt, outAt(i)] }], [`FROM CLIP NAME: ${shot.fileName}`]);
    }
    const half = transitionHalf(shots, i);
    const next = shots[i + 1];
    if (!next || half === 0) return;
    const out = outAt(i);
    const from: Line = { reel, track: "V", kind: "C", src: [out - inAt, out - inAt], rec: [out, out] };
    const into = (start: number, length: number): Line => ({ reel: shotReel(i + 2), track: "V", kind: "D", length, src: [0, outAt(i + 1) - start], rec: [start, outAt(i + 1)] });
    const cut = cutAt(i);
    const after = frame(starts[i + 1]! + half);
    if (shot.transition.kind === "crossfade") {
      add([from, into(out, after - out)], [`FROM CLIP NAME: ${shot.fileName}`, `TO CLIP NAME: ${next.fileName}`]);
      inAt = out;
    } else {
      // Dip to black: down to black by the cut, up from black after it.
      add([from, { reel: "BL", track: "V", kind: "D", length: cut - out, src: [0, cut - out], rec: [out, cut] }], [`FROM CLIP NAME: ${shot.fileName}`, "TO CLIP NAME: BLACK"]);
      add([{ reel: "BL", track: "V", kind: "C", src: [cut - out, cut - out], rec: [cut, cut] }, into(cut, after - cut)], ["FROM CLIP NAME: BLACK", `TO CLIP NAME: ${next.fileName}`]);
      inAt = cut;
    }
  });
  const spans = sounds.map(({ sound }) => ({ start: frame(sound.startSec), end: frame(sound.startSec + sound.maxSec) }));
  const tracks = audioTracks(spans);
  sounds.forEach(({ sound, fileName }, i) => {
    const { start, end } = spans[i]!;
    if (end > start) add([{ reel: soundReel(sound.shot), track: tracks[i]!, kind: "C", src: [0, end - start], rec: [start, end] }], [`FROM CLIP NAME: ${fileName}`]);
  });
  return [`TITLE: ${title.replace(/[\r\n]+/g, " ").slice(0, 70)}`, "FCM: NON-DROP FRAME", "", events.join("\n\n"), ""].join("\n");
}
