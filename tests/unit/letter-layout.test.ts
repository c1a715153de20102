import { describe, expect, it } from "vitest";
import { COMIC_FONTS } from "@/lib/comic/comic-fonts";
import { TRIM_PRESETS, type ComicLetter } from "@/lib/comic/comic-schema";
import type { Rect, ResolvedLetter } from "@/lib/comic/comic-types";
import { LETTERING, layoutLetter, rotatePoint, type LetterMeasure, type LetterShape } from "@/lib/comic/letter-layout";
import type { Point } from "@/lib/comic/letter-outline";

// Deterministic stand-in for font metrics: every character half an em wide, a little wider in the display face.
const measure: LetterMeasure = (text, font, size) => Array.from(text).length * size * (font === "display" ? 0.55 : 0.5);
const page = { width: TRIM_PRESETS["us-comic"].widthPt, height: TRIM_PRESETS["us-comic"].heightPt };
const frame: Rect = { x: 36, y: 36, width: 405, height: 220 };

function letter(change: Partial<ComicLetter> & { displayText?: string } = {}): ResolvedLetter {
  const { displayText = "Where were you last night?", ...rest } = change;
  return { id: "l1", panelId: "p1", kind: "speech", lineId: null, text: displayText, x: 0.5, y: 0.3, tail: { x: 0.4, y: 0.9 }, rotation: 0, scale: 1, displayText, speaker: null, number: 1, ...rest };
}

/** The path's subpaths as polygons: curves flattened finely, as a renderer fills them. */
function polygons(d: string): Point[][] {
  const tokens = d.match(/[MLCQZ]|-?\d+(?:\.\d+)?/g) ?? [];
  const out: Point[][] = [];
  let current: Point[] = [];
  let i = 0;
  const num = () => Number(tokens[i++]);
  const last = () => current[current.length - 1]!;
  while (i < tokens.length) {
    const op = tokens[i++];
    if (op === "M") {
      if (current.length) out.push(current);
      current = [{ x: num(), y: num() }];
    } else if (op === "L") current.push({ x: num(), y: num() });
    else if (op === "C" || op === "Q") {
      const p0 = last();
      const ctrl = Array.from({ length: op === "C" ? 3 : 2 }, () => ({ x: num(), y: num() }));
      for (let s = 1; s <= 16; s++) {
        const t = s / 16;
        const u = 1 - t;
        if (op === "C") {
          const [c1, c2, p] = ctrl as [Point, Point, Point];
          current.push({ x: u ** 3 * p0.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t ** 3 * p.x, y: u ** 3 * p0.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t ** 3 * p.y });
        } else {
          const [c, p] = ctrl as [Point, Point];
          current.push({ x: u * u * p0.x + 2 * u * t * c.x + t * t * p.x, y: u * u * p0.y + 2 * u * t * c.y + t * t * p.y });
        }
      }
    } else if (op === "Z") {
      out.push(current);
      current = [];
    }
  }
  if (current.length) out.push(current);
  return out;
}

function inside(poly: Point[], p: Point): boolean {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) hit = !hit;
  }
  return hit;
}

/** Corners of each row's ink box: cap height above the baseline, descenders below. */
function rowCorners(shape: LetterShape): Point[] {
  const font = COMIC_FONTS[shape.font];
  return shape.rows.flatMap((r) => {
    const top = r.baseline - font.ascent * shape.fontSize;
    const bottom = r.baseline + font.descent * shape.fontSize;
    return [
      { x: r.left, y: top },
      { x: r.left + r.width, y: top },
      { x: r.left, y: bottom },
      { x: r.left + r.width, y: bottom },
    ];
  });
}

const area = (r: Rect) => r.width * r.height;
const LONG = "We have to leave before the tide turns, or we will never reach the lighthouse before the storm hits the harbour tonight.";

describe("lettering layout", () => {
  it.each(["speech", "thought", "caption"] as const)("a %s contains all its text, centred on its position", (kind) => {
    const shape = layoutLetter(letter({ kind, displayText: LONG }), frame, page, measure);
    expect(shape.rows.length).toBeGreaterThan(2);
    expect(shape.rows.map((r) => r.text).join(" ")).toBe(LONG);
    const body = polygons(shape.outline)[0]!;
    for (const corner of rowCorners(shape)) expect(inside(body, corner)).toBe(true);
    for (const row of shape.rows) expect(row.x).toBeCloseTo(shape.center.x, 6);
    expect(shape.center).toEqual({ x: frame.x + 0.5 * frame.width, y: frame.y + 0.3 * frame.height });
    expect(shape.moved).toBe(false);
    expect(shape.overflow).toBe(false);
  });

  it("wraps into a balanced block: a long line becomes several shorter rows, a short one stays on one", () => {
    const short = layoutLetter(letter({ displayText: "Hey!" }), frame, page, measure);
    expect(short.rows.map((r) => r.text)).toEqual(["Hey!"]);
    const long = layoutLetter(letter({ displayText: LONG }), frame, page, measure);
    const widest = Math.max(...long.rows.map((r) => r.width));
    // Wider than tall, but not one endless line.
    expect(widest).toBeGreaterThan(long.rows.length * long.fontSize);
    expect(widest).toBeLessThan(measure(LONG, "dialogue", long.fontSize) / 3);
  });

  it("evens out its rows instead of leaving one word alone on the last", () => {
    for (const displayText of ["Big day. Don't be late.", "Rule one: never borrow what you can't give back.", LONG]) {
      const rows = layoutLetter(letter({ displayText }), frame, page, measure).rows;
      expect(rows.length).toBeGreaterThan(1);
      const widths = rows.map((r) => r.width);
      // The last row is no shorter than half the widest: no widow.
      expect(widths.at(-1)!).toBeGreaterThanOrEqual(Math.max(...widths) / 2);
    }
  });

  it("grows as its text grows, and with its size", () => {
    const texts = ["No.", "Not tonight.", "Not tonight, not ever again.", LONG, `${LONG} ${LONG}`];
    const sizes = texts.map((displayText) => layoutLetter(letter({ displayText }), frame, page, measure).bounds);
    for (let i = 1; i < sizes.length; i++) {
      expect(area(sizes[i]!)).toBeGreaterThan(area(sizes[i - 1]!));
      expect(sizes[i]!.height).toBeGreaterThanOrEqual(sizes[i - 1]!.height - 1e-9);
    }
    const big = layoutLetter(letter({ scale: 2, tail: null }), frame, page, measure);
    expect(big.fontSize).toBe(LETTERING.size.speech * 2);
    expect(area(big.bounds)).toBeGreaterThan(area(layoutLetter(letter({ tail: null }), frame, page, measure).bounds) * 3);
  });

  it("stays inside the page's safe area near every edge and corner, tail included, and says it moved", () => {
    const inset = LETTERING.safeInset;
    for (const [x, y] of [[-1, -1], [2, -1], [-1, 2], [2, 2], [0, 0.5], [1, 0.5], [0.5, -0.2]] as const) {
      for (const kind of ["speech", "thought", "caption", "sfx"] as const) {
        const shape = layoutLetter(letter({ kind, x, y, displayText: LONG, tail: { x: -1, y: 2 }, rotation: 30 }), frame, page, measure);
        const stroke = shape.paint.strokeWidth + shape.paint.textStrokeWidth;
        expect(shape.bounds.x).toBeGreaterThanOrEqual(inset - stroke);
        expect(shape.bounds.y).toBeGreaterThanOrEqual(inset - stroke);
        expect(shape.bounds.x + shape.bounds.width).toBeLessThanOrEqual(page.width - inset + stroke);
        expect(shape.bounds.y + shape.bounds.height).toBeLessThanOrEqual(page.height - inset + stroke);
        for (const p of rowCorners(shape).map((c) => rotatePoint(c, shape.center, shape.rotation))) {
          expect(p.x).toBeGreaterThan(0);
          expect(p.x).toBeLessThan(page.width);
        }
        expect(shape.moved).toBe(true);
      }
    }
    // Frame corners far from the page edge need no move.
    expect(layoutLetter(letter({ x: 0.2, y: 0.5 }), frame, page, measure).moved).toBe(false);
    expect(layoutLetter(letter({ x: -1, y: -1 }), frame, page, measure).moved).toBe(true);
  });

  it("points the speech tail exactly at its target, as part of one outline", () => {
    const target = { x: 0.15, y: 0.95 };
    const shape = layoutLetter(letter({ tail: target }), frame, page, measure);
    const tip = { x: frame.x + target.x * frame.width, y: frame.y + target.y * frame.height };
    expect(shape.tip!.x).toBeCloseTo(tip.x, 6);
    expect(shape.tip!.y).toBeCloseTo(tip.y, 6);
    expect(shape.tail).not.toBeNull();
    const far = shape.tail!.reduce((best, p) => (Math.hypot(p.x - tip.x, p.y - tip.y) < Math.hypot(best.x - tip.x, best.y - tip.y) ? p : best));
    expect(Math.hypot(far.x - tip.x, far.y - tip.y)).toBeLessThan(0.01);
    // One closed path: the stroke has no seam between body and tail; the tip lies on it.
    const outline = polygons(shape.outline);
    expect(outline).toHaveLength(1);
    expect(outline[0]!.some((p) => Math.hypot(p.x - tip.x, p.y - tip.y) < 0.01)).toBe(true);
    expect(shape.bounds.y + shape.bounds.height).toBeGreaterThanOrEqual(tip.y);
    // The body alone stops above the tail.
    expect(shape.body.y + shape.body.height).toBeLessThan(tip.y);
    for (const corner of rowCorners(shape)) expect(corner.y).toBeLessThan(shape.body.y + shape.body.height);
    // The tail's base is on the side facing the target: lower left of the centre.
    const base = shape.tail![0]!;
    expect(base.y).toBeGreaterThan(shape.center.y);

    expect(layoutLetter(letter({ tail: null }), frame, page, measure).tail).toBeNull();
    // A target under the balloon itself draws no tail.
    expect(layoutLetter(letter({ tail: { x: 0.5, y: 0.3 } }), frame, page, measure).tip).toBeNull();
  });

  it("trails a thought balloon off in shrinking circles, the smallest at the target", () => {
    const shape = layoutLetter(letter({ kind: "thought", tail: { x: 0.9, y: 1.1 } }), frame, page, measure);
    const subpaths = polygons(shape.outline);
    expect(subpaths.length).toBe(4);
    const radii = subpaths.slice(1).map((p) => (Math.max(...p.map((q) => q.x)) - Math.min(...p.map((q) => q.x))) / 2);
    expect(radii[0]).toBeGreaterThan(radii[1]!);
    expect(radii[1]).toBeGreaterThan(radii[2]!);
    const last = shape.tail!.at(-1)!;
    expect(last.x).toBeCloseTo(frame.x + 0.9 * frame.width, 6);
    expect(last.y).toBeCloseTo(frame.y + 1.1 * frame.height, 6);
  });

  it("sets a sound effect big, boxless and rotated, in the display face with an outline", () => {
    const straight = layoutLetter(letter({ kind: "sfx", displayText: "KRAKOOM!", rotation: 0, tail: null }), frame, page, measure);
    const turned = layoutLetter(letter({ kind: "sfx", displayText: "KRAKOOM!", rotation: 90, tail: null }), frame, page, measure);
    expect(straight.outline).toBe("");
    expect(straight.font).toBe("display");
    expect(straight.fontSize).toBeGreaterThan(LETTERING.size.speech * 2);
    expect(straight.paint.textStroke).not.toBeNull();
    expect(turned.rotation).toBe(90);
    expect(turned.bounds.width).toBeCloseTo(straight.bounds.height, 6);
    expect(turned.bounds.height).toBeCloseTo(straight.bounds.width, 6);
    // Only sound effects turn: a balloon stays upright for reading.
    expect(layoutLetter(letter({ rotation: 40 }), frame, page, measure).rotation).toBe(0);
    const r = rotatePoint({ x: 10, y: 0 }, { x: 0, y: 0 }, 90);
    expect(r.x).toBeCloseTo(0, 9);
    expect(r.y).toBeCloseTo(10, 9);
  });

  it("flags text that cannot fit even in the largest balloon, and keeps what fits", () => {
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ").repeat(2);
    const shape = layoutLetter(letter({ displayText: text.slice(0, 600), scale: 4 }), frame, page, measure);
    expect(shape.overflow).toBe(true);
    expect(shape.rows.at(-1)!.text.endsWith("…")).toBe(true);
    expect(shape.bounds.height).toBeLessThanOrEqual(page.height);
    expect(layoutLetter(letter({ displayText: LONG, scale: 1.5 }), frame, page, measure).overflow).toBe(false);
  });

  it("gives an empty letter a balloon to click and type into", () => {
    const shape = layoutLetter(letter({ displayText: "  " }), frame, page, measure);
    expect(shape.rows).toEqual([]);
    expect(shape.bounds.width).toBeGreaterThan(LETTERING.size.speech * 2);
    expect(polygons(shape.outline)).toHaveLength(1);
  });
});
