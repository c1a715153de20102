import { describe, expect, it } from "vitest";
import { aspectMismatch, framingCentredAt, imagePlacement } from "../../lib/comic/framing";

const frame = { x: 100, y: 50, width: 200, height: 100 };

describe("imagePlacement", () => {
  it("covers a wide frame with a square image at zoom 1, centred", () => {
    const placed = imagePlacement(frame, { width: 400, height: 400 }, { zoom: 1, cx: 0.5, cy: 0.5 });
    expect(placed).toEqual({ x: 100, y: 0, width: 200, height: 200 });
  });

  it("never leaves an empty strip however far the framing pans", () => {
    const placed = imagePlacement(frame, { width: 400, height: 400 }, { zoom: 1, cx: 0, cy: 0 });
    expect(placed.y).toBe(50);
    const bottom = imagePlacement(frame, { width: 400, height: 400 }, { zoom: 1, cx: 1, cy: 1 });
    expect(bottom.y + bottom.height).toBe(150);
  });

  it("zooms around the chosen point", () => {
    const placed = imagePlacement(frame, { width: 400, height: 400 }, { zoom: 2, cx: 0.25, cy: 0.5 });
    expect(placed.width).toBe(400);
    expect(placed.x + 0.25 * placed.width).toBe(200);
  });
});

describe("framingCentredAt", () => {
  it("moves the image with the pointer and round-trips through imagePlacement", () => {
    const image = { width: 400, height: 400 };
    const start = { zoom: 2, cx: 0.5, cy: 0.5 };
    const moved = framingCentredAt(frame, image, start, 20, 0);
    const before = imagePlacement(frame, image, start);
    const after = imagePlacement(frame, image, moved);
    expect(after.x - before.x).toBeCloseTo(20);
  });
});

describe("aspectMismatch", () => {
  it("is 1 for the same shape and grows with the difference", () => {
    expect(aspectMismatch({ width: 16, height: 9 }, { width: 1280, height: 720 })).toBeCloseTo(1);
    expect(aspectMismatch({ width: 1, height: 2 }, { width: 2, height: 1 })).toBeCloseTo(4);
  });
});
