import { describe, expect, it } from "vitest";
import { fitViewport, MAX_SCALE, panBy, toImage, toScreenRect, zoomAt } from "@/lib/mask/viewport";

describe("painter viewport", () => {
  it("fits the whole reference centred in the stage", () => {
    const view = fitViewport(4096, 2048, 1048, 600, 24);
    expect(view.scale).toBeCloseTo(1000 / 4096);
    expect(view.x).toBeCloseTo(24);
    expect(view.y).toBeCloseTo((600 - 2048 * view.scale) / 2);
  });

  it("zooms about the cursor: the image point under it stays put", () => {
    const view = { scale: 0.5, x: 100, y: 50 };
    const before = toImage(view, 300, 200);
    const zoomed = zoomAt(view, 3, 300, 200);
    const after = toImage(zoomed, 300, 200);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
    expect(zoomAt(view, 1e6, 0, 0).scale).toBe(MAX_SCALE);
  });

  it("pans and maps rectangles to the screen", () => {
    const view = panBy({ scale: 2, x: 10, y: 20 }, 5, -5);
    expect(view).toEqual({ scale: 2, x: 15, y: 15 });
    expect(toScreenRect(view, { x: 10, y: 10, width: 5, height: 5 })).toEqual({ x: 34, y: 34, width: 13, height: 13 });
  });
});
