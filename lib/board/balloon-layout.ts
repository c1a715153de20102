/**
 * Speech balloon geometry in frame pixels, free of the DOM so the screen overlay and a PDF
 * exporter draw exactly the same balloons from the same dialogue line.
 */

/** Width of `text` at `fontSize` px; `bold` is the speaker line. Canvas `measureText` on screen, font metrics in a PDF. */
export type Measure = (text: string, fontSize: number, bold?: boolean) => number;

export interface BalloonInput {
  text: string;
  speaker: string | null;
  /** The balloon's centre as a fraction of the frame. */
  x: number;
  y: number;
}

export interface BalloonTail {
  /** Base corner, tip, base corner. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  x3: number;
  y3: number;
  direction: "down" | "up";
}

/** A line to draw, centred on (x, y). */
export interface BalloonRow {
  text: string;
  x: number;
  y: number;
  fontSize: number;
  bold: boolean;
}

export interface BalloonLayout {
  left: number;
  top: number;
  width: number;
  height: number;
  radius: number;
  fontSize: number;
  lineHeight: number;
  speakerLine: string | null;
  speakerFontSize: number;
  lines: string[];
  /** Top of the first dialogue row, below the speaker (where an editor draws a placeholder). */
  textTop: number;
  rows: BalloonRow[];
  tail: BalloonTail;
}

export const BALLOON = {
  fontRatio: 0.032,
  minFont: 8,
  maxWidthRatio: 0.42,
  lineHeight: 1.25,
  speakerScale: 0.8,
  /** Balloons in the bottom quarter point up: there is no room for a tail below them. */
  tailUpBelow: 0.75,
} as const;

const ELLIPSIS = "…";

/** Longest prefix of `word` that fits, at least one character so wrapping always progresses. */
function splitWord(word: string, maxWidth: number, fontSize: number, measure: Measure): string[] {
  const chars = Array.from(word);
  const chunks: string[] = [];
  let chunk = "";
  for (const ch of chars) {
    if (chunk && measure(chunk + ch, fontSize) > maxWidth) {
      chunks.push(chunk);
      chunk = ch;
    } else chunk += ch;
  }
  if (chunk) chunks.push(chunk);
  return chunks;
}

/** Greedy word wrap that keeps the writer's line breaks and breaks words too long for a line. */
export function wrapText(text: string, maxWidth: number, fontSize: number, measure: Measure): string[] {
  const out: string[] = [];
  for (const paragraph of text.trim().split(/\r?\n/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate, fontSize) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      const chunks = measure(word, fontSize) <= maxWidth ? [word] : splitWord(word, maxWidth, fontSize, measure);
      out.push(...chunks.slice(0, -1));
      line = chunks[chunks.length - 1] ?? "";
    }
    // Blank lines between paragraphs are kept, but not trailing ones.
    if (line || out.length > 0) out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out;
}

/** `text` shortened with an ellipsis until it fits one line. */
export function fitLine(text: string, maxWidth: number, fontSize: number, measure: Measure, bold = false): string {
  if (measure(text, fontSize, bold) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 1 && measure(chars.join("").trimEnd() + ELLIPSIS, fontSize, bold) > maxWidth) chars.pop();
  return chars.join("").trimEnd() + ELLIPSIS;
}

interface Box {
  fontSize: number;
  padX: number;
  padY: number;
  lineHeight: number;
  speakerFontSize: number;
  speakerHeight: number;
  speakerLine: string | null;
  lines: string[];
  maxInner: number;
  width: number;
  height: number;
}

function sizeBox(input: BalloonInput, fontSize: number, maxBoxWidth: number, measure: Measure): Box {
  const padX = fontSize * 0.8;
  const padY = fontSize * 0.55;
  const lineHeight = fontSize * BALLOON.lineHeight;
  const speakerFontSize = fontSize * BALLOON.speakerScale;
  const maxInner = Math.max(fontSize, maxBoxWidth - 2 * padX);
  const name = input.speaker?.trim();
  const speakerLine = name ? fitLine(name, maxInner, speakerFontSize, measure, true) : null;
  const speakerHeight = speakerLine ? speakerFontSize * 1.35 : 0;
  const lines = wrapText(input.text, maxInner, fontSize, measure);
  const inner = Math.max(fontSize * 1.6, ...lines.map((l) => measure(l, fontSize)), speakerLine ? measure(speakerLine, speakerFontSize, true) : 0);
  // Wide enough for the rounded ends plus a tail base between them.
  const width = Math.max(inner + 2 * padX, fontSize * 3.2);
  const height = 2 * padY + speakerHeight + Math.max(1, lines.length) * lineHeight;
  return { fontSize, padX, padY, lineHeight, speakerFontSize, speakerHeight, speakerLine, lines, maxInner, width, height };
}

/** Lays out one balloon: wrapped, sized to the frame and kept fully inside it, tail included. */
export function layoutBalloon(input: BalloonInput, frame: { width: number; height: number }, measure: Measure): BalloonLayout {
  const W = Math.max(1, frame.width);
  const H = Math.max(1, frame.height);
  const base = Math.max(BALLOON.minFont, W * BALLOON.fontRatio);
  const direction = input.y > BALLOON.tailUpBelow ? "up" : "down";
  const margin = (f: number) => Math.min(f * 0.25, W / 10, H / 10);
  const room = (f: number) => H - 2 * margin(f) - f;

  // Long dialogue first widens the balloon, then shrinks its type, before anything is cut.
  let box = sizeBox(input, base, W * BALLOON.maxWidthRatio, measure);
  for (let f = base; box.height > room(box.fontSize); f = Math.max(BALLOON.minFont, f * 0.9)) {
    box = sizeBox(input, f, W - 2 * margin(f), measure);
    if (f === BALLOON.minFont) break;
  }
  const f = box.fontSize;
  if (box.height > room(f)) {
    const rows = Math.max(1, Math.floor((room(f) - 2 * box.padY - box.speakerHeight) / box.lineHeight));
    if (box.lines.length > rows) {
      const kept = box.lines.slice(0, rows);
      kept[rows - 1] = fitLine(`${kept[rows - 1]}${ELLIPSIS}`, box.maxInner, f, measure);
      box = { ...box, lines: kept, height: 2 * box.padY + box.speakerHeight + rows * box.lineHeight };
    }
  }

  const m = margin(f);
  const width = Math.min(box.width, W - 2 * m);
  const height = Math.min(box.height, H - 2 * m);
  const tailLength = Math.max(0, Math.min(f, H - 2 * m - height));
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));
  const left = clamp(input.x * W - width / 2, m, W - m - width);
  const top = clamp(
    input.y * H - height / 2,
    m + (direction === "up" ? tailLength : 0),
    H - m - height - (direction === "down" ? tailLength : 0),
  );

  const baseHalf = Math.min(f * 0.45, width / 4);
  const radius = Math.max(0, Math.min(f * 1.1, height / 2, width / 2 - baseHalf));
  // The tail leans toward the middle of the frame, where the speaker usually stands.
  const lean = input.x <= 0.5 ? 1 : -1;
  const bx = clamp(left + width / 2 + lean * width * 0.15, left + radius + baseHalf, left + width - radius - baseHalf);
  const baseY = direction === "down" ? top + height : top;
  const tipY = direction === "down" ? baseY + tailLength : baseY - tailLength;
  const tail: BalloonTail = {
    x1: bx - baseHalf,
    y1: baseY,
    x2: clamp(bx + lean * tailLength * 0.5, 0, W),
    y2: tipY,
    x3: bx + baseHalf,
    y3: baseY,
    direction,
  };

  const cx = left + width / 2;
  const textTop = top + box.padY + box.speakerHeight;
  const rows: BalloonRow[] = [
    ...(box.speakerLine ? [{ text: box.speakerLine, x: cx, y: top + box.padY + box.speakerHeight / 2, fontSize: box.speakerFontSize, bold: true }] : []),
    ...box.lines.map((text, i) => ({ text, x: cx, y: textTop + (i + 0.5) * box.lineHeight, fontSize: f, bold: false })),
  ];
  return {
    left,
    top,
    width,
    height,
    radius,
    fontSize: f,
    lineHeight: box.lineHeight,
    speakerLine: box.speakerLine,
    speakerFontSize: box.speakerFontSize,
    lines: box.lines,
    textTop,
    rows,
    tail,
  };
}

/** One SVG path for body and tail, so a single stroke outlines both without a seam. */
export function balloonPath(b: BalloonLayout): string {
  const n = (v: number) => Math.round(v * 100) / 100;
  const { left: l, top: t, radius: r, tail } = b;
  const right = l + b.width;
  const bottom = t + b.height;
  const arc = (x: number, y: number) => `A ${n(r)} ${n(r)} 0 0 1 ${n(x)} ${n(y)}`;
  const up = tail.direction === "up" ? `L ${n(tail.x1)} ${n(t)} L ${n(tail.x2)} ${n(tail.y2)} L ${n(tail.x3)} ${n(t)} ` : "";
  const down = tail.direction === "down" ? `L ${n(tail.x3)} ${n(bottom)} L ${n(tail.x2)} ${n(tail.y2)} L ${n(tail.x1)} ${n(bottom)} ` : "";
  return (
    `M ${n(l + r)} ${n(t)} ${up}L ${n(right - r)} ${n(t)} ${arc(right, t + r)} L ${n(right)} ${n(bottom - r)} ${arc(right - r, bottom)} ` +
    `${down}L ${n(l + r)} ${n(bottom)} ${arc(l, bottom - r)} L ${n(l)} ${n(t + r)} ${arc(l + r, t)} Z`
  );
}
