/**
 * A strict reader of the CMX 3600 lines Castboard writes, for tests: every event line must have
 * the documented columns, and timecodes are turned back into frames so durations can be checked.
 */
export interface EdlLine {
  event: number;
  reel: string;
  track: string;
  kind: "C" | "D";
  /** Dissolve length in frames, for "D". */
  length: number | null;
  srcIn: number;
  srcOut: number;
  recIn: number;
  recOut: number;
}
export interface EdlEvent {
  number: number;
  lines: EdlLine[];
  comments: string[];
}
export interface ParsedEdl {
  title: string;
  fcm: string;
  events: EdlEvent[];
}

export function tcToFrames(tc: string, fps: number): number {
  const match = /^(\d\d):(\d\d):(\d\d):(\d\d)$/.exec(tc);
  if (!match) throw new Error(`Not a timecode: ${tc}`);
  const [h, m, s, f] = match.slice(1).map(Number) as [number, number, number, number];
  if (m > 59 || s > 59 || f >= fps) throw new Error(`Out of range timecode at ${fps} fps: ${tc}`);
  return ((h * 60 + m) * 60 + s) * fps + f;
}

const LINE = /^(\d{3})\s+(\S{1,8})\s+(V|A\d?)\s+(C|D\s+(\d{3}))\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/;

export function parseEdl(text: string, fps: number): ParsedEdl {
  const rows = text.split("\n");
  const title = /^TITLE: (.*)$/.exec(rows[0] ?? "")?.[1];
  const fcm = /^FCM: (.*)$/.exec(rows[1] ?? "")?.[1];
  if (title === undefined || fcm === undefined) throw new Error("An EDL starts with TITLE: and FCM: lines");
  const events: EdlEvent[] = [];
  for (const row of rows.slice(2)) {
    if (!row.trim()) continue;
    if (row.startsWith("* ")) {
      const last = events.at(-1);
      if (!last) throw new Error(`A comment before any event: ${row}`);
      last.comments.push(row.slice(2));
      continue;
    }
    const m = LINE.exec(row);
    if (!m) throw new Error(`Not an event line: ${row}`);
    const line: EdlLine = {
      event: Number(m[1]),
      reel: m[2]!,
      track: m[3]!,
      kind: m[4]!.startsWith("D") ? "D" : "C",
      length: m[5] ? Number(m[5]) : null,
      srcIn: tcToFrames(m[6]!, fps),
      srcOut: tcToFrames(m[7]!, fps),
      recIn: tcToFrames(m[8]!, fps),
      recOut: tcToFrames(m[9]!, fps),
    };
    if (line.srcOut - line.srcIn !== line.recOut - line.recIn) throw new Error(`Source and record lengths differ: ${row}`);
    const last = events.at(-1);
    if (last && last.number === line.event) last.lines.push(line);
    else {
      if (line.event !== (last?.number ?? 0) + 1) throw new Error(`Events out of order at ${row}`);
      events.push({ number: line.event, lines: [line], comments: [] });
    }
  }
  return { title, fcm, events };
}
