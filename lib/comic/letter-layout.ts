import { fitLine, wrapText } from "../board/balloon-layout";
import { COMIC_FONTS, LETTER_FONT, type ComicFontKey } from "./comic-fonts";
import type { LetterKind } from "./comic-schema";
import type { Rect, ResolvedLetter } from "./comic-types";
import { BALLOON_ROUNDNESS, rectPath, roundedEllipseLevel, speechOutline, thoughtOutline, type Point } from "./letter-outline";

/**
 * Where and how a piece of lettering is drawn on a page: free of the DOM, in points on the page's
 * trim box (y down), so the Pages view, read mode and every export draw the same shapes. Text is
 * measured by the caller (canvas `measureText` on screen, the embedded font's metrics in a PDF).
 */

/** Width of `text` set in `font` at `size`. */
export type LetterMeasure = (text: string, font: ComicFontKey, size: number) => number;

export const LETTERING = {
  /** Type size in points at scale 1, per kind. */
  size: { speech: 9, thought: 9, caption: 8.5, sfx: 30 } satisfies Record<LetterKind, number>,
  lineHeight: { speech: 1.18, thought: 1.18, caption: 1.18, sfx: 1 } satisfies Record<LetterKind, number>,
  /** The shape is kept this far inside the trim box: printers trim within a few points of it. */
  safeInset: 9,
  /** Balloons are at most this share of the safe area; more text than that fits is an overflow. */
  maxWidthShare: 0.6,
  maxHeightShare: 0.45,
  /** Black outline, as lettering is stroked in print. */
  stroke: 1.2,
} as const;

/** A line of text: `x` its centre, `baseline` its baseline, `left` where it starts when drawn left-aligned (PDF). */
export interface LetterRow {
  text: string;
  x: number;
  left: number;
  baseline: number;
  width: number;
}

export interface LetterPaint {
  fill: string | null;
  stroke: string | null;
  strokeWidth: number;
  text: string;
  /** Outlined type (sound effects): stroke the text under its fill. */
  textStroke: string | null;
  textStrokeWidth: number;
}

export interface LetterShape {
  id: string;
  kind: LetterKind;
  number: number;
  font: ComicFontKey;
  fontSize: number;
  center: Point;
  /** Degrees clockwise about `center` applied to the outline and the rows (sound effects only). */
  rotation: number;
  /** SVG path data of body and tail, one path; empty for a sound effect. Draw fill, then stroke. */
  outline: string;
  /** The tail's polygon (a speech tail, or the thought trail's tip), pointing at `tip`. */
  tail: Point[] | null;
  tip: Point | null;
  rows: LetterRow[];
  /** Everything drawn, stroke and rotation included. */
  bounds: Rect;
  /** The balloon, box or words alone, without tail or trail (rotation included). */
  body: Rect;
  /** Whether the shape had to be shifted from where the letter asks, to stay inside the page. */
  moved: boolean;
  /** Whether the text does not fit even at the largest balloon: some of it is not shown. */
  overflow: boolean;
  paint: LetterPaint;
}

const INK = "#111111";
const PAINT: Record<LetterKind, LetterPaint> = {
  speech: { fill: "#ffffff", stroke: INK, strokeWidth: LETTERING.stroke, text: INK, textStroke: null, textStrokeWidth: 0 },
  thought: { fill: "#ffffff", stroke: INK, strokeWidth: LETTERING.stroke, text: INK, textStroke: null, textStrokeWidth: 0 },
  caption: { fill: "#fff4c2", stroke: INK, strokeWidth: LETTERING.stroke, text: INK, textStroke: null, textStrokeWidth: 0 },
  sfx: { fill: null, stroke: null, strokeWidth: 0, text: "#ffd21f", textStroke: INK, textStrokeWidth: 0 },
};

/** A thought cloud's bump width, in type sizes. */
const BUMP = 2.4;

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));

interface Text {
  lines: string[];
  widths: number[];
  overflow: boolean;
}

/** Wraps to a balanced block (roughly three times as wide as tall, as letterers shape balloons), within the maximum. */
function setText(text: string, font: ComicFontKey, size: number, lineHeight: number, max: { width: number; height: number }, measure: LetterMeasure, balance: boolean): Text {
  const m = (t: string, s: number) => measure(t, font, s);
  const words = text.split(/\s+/).filter(Boolean);
  const longest = Math.max(0, ...words.map((w) => m(w, size)));
  const total = m(words.join(" "), size);
  const target = balance ? clamp(Math.max(Math.sqrt(total * lineHeight * 4), size * 4, longest), 0, max.width) : max.width;
  let lines = wrapText(text, target, size, m);
  const rows = Math.max(1, Math.floor(max.height / lineHeight));
  if (lines.length > rows && target < max.width) lines = wrapText(text, max.width, size, m);
  else if (balance && lines.length > 1) lines = evenRows(text, lines.length, longest, target, size, m);
  let overflow = false;
  if (lines.length > rows) {
    overflow = true;
    lines = lines.slice(0, rows);
    lines[rows - 1] = fitLine(`${lines[rows - 1]}…`, max.width, size, m);
  }
  return { lines, widths: lines.map((l) => m(l, size)), overflow };
}

/**
 * The same number of rows at the narrowest width that still gives that many: greedy wrapping
 * leaves a short last row ("Big day. Don't be / late."); this evens them out ("Big day. / Don't be late.").
 */
function evenRows(text: string, count: number, narrowest: number, widest: number, size: number, m: (t: string, s: number) => number): string[] {
  let lo = narrowest;
  let hi = widest;
  for (let i = 0; i < 12 && hi - lo > 0.5; i++) {
    const mid = (lo + hi) / 2;
    if (wrapText(text, mid, size, m).length <= count) hi = mid;
    else lo = mid;
  }
  return wrapText(text, hi, size, m);
}

/** Semi-axes of the smallest rounded ellipse around the padded rows, no narrower than tall. */
function fitBalloon(widths: number[], lineHeight: number, padX: number, padY: number): { a: number; b: number } {
  const count = Math.max(1, widths.length);
  const half = (count * lineHeight) / 2 + padY;
  const corners = Array.from({ length: count }, (_, i) => {
    const top = -half + (i === 0 ? 0 : padY + i * lineHeight);
    const bottom = -half + padY + (i + 1) * lineHeight + (i === count - 1 ? padY : 0);
    return { x: (widths[i] ?? 0) / 2 + padX, y: Math.max(Math.abs(top), Math.abs(bottom)) };
  });
  let best = { a: Infinity, b: half };
  for (let k = 1.04; k <= 2.2; k += 0.04) {
    const b = half * k;
        const a = Math.max(b, ...corners.map((c) => c.x / (1 - (c.y / b) ** BALLOON_ROUNDNESS) ** (1 / BALLOON_ROUNDNESS)));
    if (a * b < best.a * best.b) best = { a, b };
  }
  return best;
}

/** Lays out one letter on its page: `frame` is its panel's frame, in page points. */
export function layoutLetter(letter: ResolvedLetter, frame: Rect, page: { width: number; height: number }, measure: LetterMeasure): LetterShape {
  const kind = letter.kind;
  const font = LETTER_FONT[kind];
  const size = LETTERING.size[kind] * letter.scale;
  const lineHeight = size * LETTERING.lineHeight[kind];
  const inset = LETTERING.safeInset;
  const safe = { x: inset, y: inset, width: Math.max(1, page.width - 2 * inset), height: Math.max(1, page.height - 2 * inset) };
  const at = (fx: number, fy: number): Point => ({ x: frame.x + fx * frame.width, y: frame.y + fy * frame.height });
  const wanted = at(letter.x, letter.y);
  const padX = kind === "caption" ? size * 0.7 : size * 0.8;
  const padY = kind === "caption" ? size * 0.5 : size * 0.7;
  const isBalloon = kind === "speech" || kind === "thought";
  // A balloon's text block sits in an ellipse a little over 1.3 times its size.
  const shapeFactor = isBalloon ? 1.45 : 1;
  const max = {
    width: Math.max(size * 2, (safe.width * (kind === "sfx" ? 1 : LETTERING.maxWidthShare)) / shapeFactor - 2 * padX),
    height: Math.max(lineHeight, (safe.height * (kind === "sfx" ? 1 : LETTERING.maxHeightShare)) / shapeFactor - 2 * padY),
  };
  const text = setText(letter.displayText.trim(), font, size, lineHeight, max, measure, kind !== "sfx");
  const blockHeight = Math.max(1, text.lines.length) * lineHeight;
  const blockWidth = Math.max(size * 2, ...text.widths);

  // Half-extents of the body about its centre, before any rotation.
  let a: number;
  let b: number;
  let bulge = 0;
  if (isBalloon) {
    ({ a, b } = fitBalloon(text.lines.length ? text.widths : [size * 2.5], lineHeight, padX, padY));
    if (kind === "thought") bulge = size * 0.6;
  } else if (kind === "caption") {
    a = blockWidth / 2 + padX;
    b = blockHeight / 2 + padY;
  } else {
    a = blockWidth / 2 + size * 0.1;
    b = blockHeight / 2;
  }
  const rotation = kind === "sfx" ? letter.rotation : 0;
  const rad = (rotation * Math.PI) / 180;
  const reachX = Math.abs(a * Math.cos(rad)) + Math.abs(b * Math.sin(rad)) + bulge;
  const reachY = Math.abs(a * Math.sin(rad)) + Math.abs(b * Math.cos(rad)) + bulge;
  const center = {
    x: clamp(wanted.x, safe.x + reachX, safe.x + safe.width - reachX),
    y: clamp(wanted.y, safe.y + reachY, safe.y + safe.height - reachY),
  };
  // A body larger than the page's safe area sits in its middle.
  if (reachX * 2 > safe.width) center.x = safe.x + safe.width / 2;
  if (reachY * 2 > safe.height) center.y = safe.y + safe.height / 2;
  const moved = Math.hypot(center.x - wanted.x, center.y - wanted.y) > 0.01;

  const wantedTip = isBalloon && letter.tail ? at(letter.tail.x, letter.tail.y) : null;
  // The thought trail's last circle is centred on the tip: keep the whole circle in.
  const tipRoom = kind === "thought" ? size * BUMP * 0.26 : 0;
  const tipRaw = wantedTip
    ? { x: clamp(wantedTip.x, safe.x + tipRoom, safe.x + safe.width - tipRoom), y: clamp(wantedTip.y, safe.y + tipRoom, safe.y + safe.height - tipRoom) }
    : null;
  // A tip under the balloon itself needs no tail.
  const tip = tipRaw && roundedEllipseLevel(center, a + bulge + size * 0.5, b + bulge + size * 0.5, tipRaw) > 1 ? tipRaw : null;

  let outline = "";
  let tail: Point[] | null = null;
  const extra: Point[] = [];
  if (kind === "speech") {
    const shape = speechOutline(center, a, b, tip, Math.min(size * 0.55, Math.min(a, b) * 0.4));
    outline = shape.d;
    tail = shape.tail;
  } else if (kind === "thought") {
    const shape = thoughtOutline(center, a, b, tip, size * BUMP);
    outline = shape.d;
    tail = shape.circles.length ? shape.circles.map((c) => c.c) : null;
    for (const c of shape.circles) extra.push({ x: c.c.x - c.r, y: c.c.y - c.r }, { x: c.c.x + c.r, y: c.c.y + c.r });
  } else if (kind === "caption") {
    outline = rectPath(center.x - a, center.y - b, 2 * a, 2 * b);
  }

  const capHeight = COMIC_FONTS[font].capHeight * size;
  const rows: LetterRow[] = text.lines.map((line, i) => {
    const width = text.widths[i]!;
    const middle = center.y - blockHeight / 2 + (i + 0.5) * lineHeight;
    return { text: line, x: center.x, left: center.x - width / 2, baseline: middle + capHeight / 2, width };
  });

  const paint = kind === "sfx" ? { ...PAINT.sfx, textStrokeWidth: Math.max(1, size * 0.09) } : PAINT[kind];
  const grow = (paint.strokeWidth + paint.textStrokeWidth) / 2 + (kind === "sfx" ? paint.textStrokeWidth / 2 : 0);
  const points = [{ x: center.x - reachX, y: center.y - reachY }, { x: center.x + reachX, y: center.y + reachY }, ...(tail ?? []), ...extra];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const left = Math.min(...xs) - grow;
  const top = Math.min(...ys) - grow;
  const bounds = { x: left, y: top, width: Math.max(...xs) + grow - left, height: Math.max(...ys) + grow - top };

  const body = { x: center.x - reachX, y: center.y - reachY, width: 2 * reachX, height: 2 * reachY };
  return { id: letter.id, kind, number: letter.number, font, fontSize: size, center, rotation, outline, tail, tip, rows, bounds, body, moved, overflow: text.overflow, paint };
}

/** `p` turned by `degrees` clockwise (on screen, y down) about `about`: where a rotated row's origin lands. */
export function rotatePoint(p: Point, about: Point, degrees: number): Point {
  const r = (degrees * Math.PI) / 180;
  const dx = p.x - about.x;
  const dy = p.y - about.y;
  return { x: about.x + dx * Math.cos(r) - dy * Math.sin(r), y: about.y + dx * Math.sin(r) + dy * Math.cos(r) };
}
