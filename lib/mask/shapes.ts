/**
 * The rectangle and lasso tools' geometry, in image pixels: what a drag outlines and when it is a
 * region at all. DOM-free, so the rules are unit tested in Node; the mask document fills the result.
 */
export type ShapeTool = "rectangle" | "lasso";
export const SHAPE_TOOLS: readonly ShapeTool[] = ["rectangle", "lasso"];

export interface Point {
  x: number;
  y: number;
}

export function isShapeTool(tool: string): tool is ShapeTool {
  return (SHAPE_TOOLS as readonly string[]).includes(tool);
}

/** The closed outline of a drag: the rectangle spanned by its first and last points, or the lasso's path. */
export function shapeOutline(tool: ShapeTool, points: readonly Point[]): Point[] {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return [];
  if (tool === "lasso") return [...points];
  return [first, { x: last.x, y: first.y }, last, { x: first.x, y: last.y }];
}

/**
 * Adds a lasso point unless it lies within `minStep` of the last one: a slow drag reports hundreds
 * of points a pixel apart, which add nothing to the outline but cost every preview frame.
 */
export function appendLassoPoint(points: Point[], point: Point, minStep: number): void {
  const last = points.at(-1);
  if (last && Math.hypot(point.x - last.x, point.y - last.y) < minStep) return;
  points.push(point);
}

/** Unsigned area by the shoelace formula; self-crossing lassos count their loops' difference. */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

/** A click or a line-thin drag outlines no region: filling it would add a stray undo step. */
export function outlinesRegion(points: readonly Point[]): boolean {
  return points.length >= 3 && polygonArea(points) >= 1;
}
