import { describe, expect, it } from "vitest";
import { appendLassoPoint, outlinesRegion, polygonArea, shapeOutline, type Point } from "@/lib/mask/shapes";

describe("rectangle and lasso outlines", () => {
  it("spans a rectangle between the drag's first and last points, whichever way it was dragged", () => {
    const outline = shapeOutline("rectangle", [{ x: 300, y: 200 }, { x: 340, y: 260 }, { x: 100, y: 50 }]);
    expect(outline).toEqual([{ x: 300, y: 200 }, { x: 100, y: 200 }, { x: 100, y: 50 }, { x: 300, y: 50 }]);
    expect(polygonArea(outline)).toBe(200 * 150);
  });

  it("keeps a lasso's path as drawn, thinned to points a step apart", () => {
    const points: Point[] = [];
    for (let i = 0; i <= 100; i++) appendLassoPoint(points, { x: i * 0.5, y: 0 }, 2);
    expect(points.map((p) => p.x)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50]);
    expect(shapeOutline("lasso", points)).toEqual(points);
  });

  it("measures a closed lasso's area, and calls a click or a straight line no region", () => {
    const triangle = [{ x: 0, y: 0 }, { x: 40, y: 0 }, { x: 0, y: 30 }];
    expect(polygonArea(triangle)).toBe(600);
    expect(outlinesRegion(triangle)).toBe(true);
    expect(outlinesRegion(shapeOutline("rectangle", [{ x: 5, y: 5 }]))).toBe(false);
    expect(outlinesRegion([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 20 }])).toBe(false);
    expect(outlinesRegion([])).toBe(false);
  });
});
