/**
 * Outlines for comic lettering as SVG path data (M, L, C, Q, Z only, absolute): what an SVG
 * `<path d>`, a canvas `Path2D` and pdf-lib's `drawSvgPath` all draw the same way. Points, y down.
 */

export interface Point {
  x: number;
  y: number;
}

/** Exponent of the balloon's rounded ellipse: 2 is an ellipse, higher is squarer. */
export const BALLOON_ROUNDNESS = 2.25;

const n2 = (v: number) => Math.round(v * 100) / 100;
const pt = (p: Point) => `${n2(p.x)} ${n2(p.y)}`;
const signedPow = (v: number, e: number) => Math.sign(v) * Math.abs(v) ** e;

/** The point at parameter t (radians, clockwise on screen from 3 o'clock) of a rounded ellipse. */
export function roundedEllipsePoint(c: Point, a: number, b: number, t: number, n = BALLOON_ROUNDNESS): Point {
  return { x: c.x + a * signedPow(Math.cos(t), 2 / n), y: c.y + b * signedPow(Math.sin(t), 2 / n) };
}

/** Whether p lies inside the rounded ellipse (1 on the outline, below 1 inside). */
export function roundedEllipseLevel(c: Point, a: number, b: number, p: Point, n = BALLOON_ROUNDNESS): number {
  return Math.abs((p.x - c.x) / a) ** n + Math.abs((p.y - c.y) / b) ** n;
}

/** The parameter whose outline point lies in the direction of `toward` as seen from the centre. */
export function parameterToward(c: Point, a: number, b: number, toward: Point, n = BALLOON_ROUNDNESS): number {
  const angle = Math.atan2(toward.y - c.y, toward.x - c.x);
  // Direction (dx, dy) meets the outline where |cos t|^(2/n) ∝ |dx|/a: invert per quadrant.
  const dx = Math.cos(angle) / a;
  const dy = Math.sin(angle) / b;
  const u = Math.abs(dx) ** (n / 2);
  const v = Math.abs(dy) ** (n / 2);
  const t = Math.atan2(v, u);
  return Math.atan2(Math.sign(dy) * Math.sin(t), Math.sign(dx) * Math.cos(t));
}

/**
 * A smooth curve through `points` (Catmull-Rom as cubic Béziers), starting with "M" unless
 * `continued`, closed back to the first point when `closed`.
 */
export function smoothPath(points: Point[], closed: boolean, continued = false): string {
  const count = points.length;
  if (count < 2) return "";
  const at = (i: number) => (closed ? points[(i + count) % count]! : points[Math.min(count - 1, Math.max(0, i))]!);
  let d = continued ? "" : `M ${pt(points[0]!)}`;
  const segments = closed ? count : count - 1;
  for (let i = 0; i < segments; i++) {
    const p0 = at(i - 1);
    const p1 = at(i);
    const p2 = at(i + 1);
    const p3 = at(i + 2);
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += ` C ${pt(c1)} ${pt(c2)} ${pt(p2)}`;
  }
  return closed ? `${d} Z` : d;
}

/** Points along a quadratic Bézier, both ends included. */
function quadPoints(p0: Point, c: Point, p1: Point, steps: number): Point[] {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = i / steps;
    const u = 1 - t;
    return { x: u * u * p0.x + 2 * u * t * c.x + t * t * p1.x, y: u * u * p0.y + 2 * u * t * c.y + t * t * p1.y };
  });
}

export interface BalloonOutline {
  d: string;
  /** The tail as a polygon (base corner, along one side to the tip, back along the other), or null. */
  tail: Point[] | null;
}

/**
 * A speech balloon: a rounded ellipse and, when `tip` is given, a gently curved tail whose point
 * is exactly at `tip`, drawn as one path so a single stroke outlines both without a seam.
 */
export function speechOutline(c: Point, a: number, b: number, tip: Point | null, baseHalf: number): BalloonOutline {
  const samples = 40;
  if (!tip) {
    const points = Array.from({ length: samples }, (_, i) => roundedEllipsePoint(c, a, b, (i / samples) * 2 * Math.PI));
    return { d: smoothPath(points, true), tail: null };
  }
  const tc = parameterToward(c, a, b, tip);
  const base = roundedEllipsePoint(c, a, b, tc);
  const half = baseHalf / Math.max(1, Math.hypot(base.x - c.x, base.y - c.y));
  const t2 = tc + half;
  // The body runs clockwise from one side of the tail's base all the way round to the other.
  const body = Array.from({ length: samples + 1 }, (_, i) => roundedEllipsePoint(c, a, b, t2 + (i / samples) * (2 * Math.PI - 2 * half)));
  const p1 = body[samples]!;
  const p2 = body[0]!;
  const length = Math.hypot(tip.x - base.x, tip.y - base.y);
  // Both sides bow the same way, so the tail curls a little like a hand-drawn one.
  const nx = -(tip.y - base.y) / length;
  const ny = (tip.x - base.x) / length;
  const bow = length * 0.08 * (tip.x >= c.x ? 1 : -1);
  const ctrl = (from: Point): Point => ({ x: (from.x + tip.x) / 2 + nx * bow, y: (from.y + tip.y) / 2 + ny * bow });
  const c1 = ctrl(p1);
  const c2 = ctrl(p2);
  const d = `${smoothPath(body, false)} Q ${pt(c1)} ${pt(tip)} Q ${pt(c2)} ${pt(p2)} Z`;
  const tail = [...quadPoints(p1, c1, tip, 8), ...quadPoints(tip, c2, p2, 8).slice(1)];
  return { d, tail };
}

/** A circle as four cubic arcs. */
export function circlePath(c: Point, r: number): string {
  const k = 0.5523 * r;
  return (
    `M ${pt({ x: c.x + r, y: c.y })} C ${pt({ x: c.x + r, y: c.y + k })} ${pt({ x: c.x + k, y: c.y + r })} ${pt({ x: c.x, y: c.y + r })}` +
    ` C ${pt({ x: c.x - k, y: c.y + r })} ${pt({ x: c.x - r, y: c.y + k })} ${pt({ x: c.x - r, y: c.y })}` +
    ` C ${pt({ x: c.x - r, y: c.y - k })} ${pt({ x: c.x - k, y: c.y - r })} ${pt({ x: c.x, y: c.y - r })}` +
    ` C ${pt({ x: c.x + k, y: c.y - r })} ${pt({ x: c.x + r, y: c.y - k })} ${pt({ x: c.x + r, y: c.y })} Z`
  );
}

export interface ThoughtOutline {
  d: string;
  /** The trailing circles, largest first; the last is centred on the tip. */
  circles: { c: Point; r: number }[];
  /** How far the bumps reach beyond the rounded ellipse they sit on. */
  bulge: number;
}

/**
 * A thought balloon: a cloud of bumps around a rounded ellipse, and a trail of shrinking circles
 * towards `tip` instead of a tail.
 */
export function thoughtOutline(c: Point, a: number, b: number, tip: Point | null, bump: number): ThoughtOutline {
  const perimeter = Math.PI * (3 * (a + b) - Math.sqrt((3 * a + b) * (a + 3 * b)));
  const count = Math.max(7, Math.round(perimeter / bump));
  const points = Array.from({ length: count }, (_, i) => roundedEllipsePoint(c, a, b, (i / count) * 2 * Math.PI + 0.3));
  let bulge = 0;
  let d = `M ${pt(points[0]!)}`;
  points.forEach((p, i) => {
    const q = points[(i + 1) % count]!;
    const mid = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    const chord = Math.hypot(q.x - p.x, q.y - p.y);
    // Outward normal of the chord (points run clockwise on screen); bumps alternate a little in height.
    const nx = (q.y - p.y) / chord;
    const ny = -(q.x - p.x) / chord;
    const h = chord * (i % 2 ? 0.42 : 0.5);
    bulge = Math.max(bulge, h / 2);
    d += ` Q ${pt({ x: mid.x + nx * h, y: mid.y + ny * h })} ${pt(q)}`;
  });
  d += " Z";
  const circles: { c: Point; r: number }[] = [];
  if (tip) {
    const edge = roundedEllipsePoint(c, a, b, parameterToward(c, a, b, tip));
    const gap = Math.hypot(tip.x - edge.x, tip.y - edge.y);
    const radii = [bump * 0.42, bump * 0.3, bump * 0.2];
    const reach = gap - bulge;
    // Fewer circles when the tip is close to the cloud; none when it is inside.
    const fit = radii.filter((_, i) => reach > (i + 1) * bump * 0.8).length;
    for (let i = 0; i < fit; i++) {
      const f = fit === 1 ? 1 : (i + 1) / fit;
      const from = bulge + radii[0]! + 1;
      const along = (from + (gap - from) * f) / Math.max(gap, 1e-9);
      circles.push({ c: { x: edge.x + (tip.x - edge.x) * along, y: edge.y + (tip.y - edge.y) * along }, r: radii[i]! * (fit === 1 ? 0.6 : 1) });
    }
    for (const circle of circles) d += ` ${circlePath(circle.c, circle.r)}`;
  }
  return { d, circles, bulge };
}

export function rectPath(left: number, top: number, width: number, height: number): string {
  return `M ${pt({ x: left, y: top })} L ${pt({ x: left + width, y: top })} L ${pt({ x: left + width, y: top + height })} L ${pt({ x: left, y: top + height })} Z`;
}
