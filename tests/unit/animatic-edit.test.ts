import { describe, expect, it } from "vitest";
import { clampRect, customFramesFrom, MIN_FRAME, moveRect, NUDGE, nudgeRect, rectFromCorner, resizeRect, scaleRect } from "@/lib/animatic/frame-rect-edit";
import { FrameRectSchema, type FrameRect } from "@/lib/state/animatic-schema";

const inside = (r: FrameRect) => r.x >= 0 && r.y >= 0 && r.x + r.width <= 1 + 1e-9 && r.y + r.height <= 1 + 1e-9;
const valid = (r: FrameRect) => {
  expect(inside(r)).toBe(true);
  // The image's own shape: the view never stretches it.
  expect(r.width).toBeCloseTo(r.height, 9);
  expect(r.width).toBeGreaterThanOrEqual(MIN_FRAME - 1e-9);
  expect(FrameRectSchema.safeParse(r).success).toBe(true);
};

describe("frame rectangle editing", () => {
  it("clamps into the image, squares the shape and keeps the smallest size", () => {
    expect(clampRect({ x: 0.9, y: 0.9, width: 0.5, height: 0.3 })).toEqual({ x: 0.5, y: 0.5, width: 0.5, height: 0.5 });
    expect(clampRect({ x: -0.2, y: 0.5, width: 0.01, height: 0.01 })).toEqual({ x: 0, y: 0.5, width: MIN_FRAME, height: MIN_FRAME });
    expect(clampRect({ x: 0.3, y: 0.3, width: 2, height: 2 })).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });

  it("moves without changing size and stops at the edges", () => {
    const r = { x: 0.1, y: 0.1, width: 0.5, height: 0.5 };
    expect(moveRect(r, 0.2, 0.1)).toEqual({ x: 0.3, y: 0.2, width: 0.5, height: 0.5 });
    expect(moveRect(r, 0.9, -0.9)).toEqual({ x: 0.5, y: 0, width: 0.5, height: 0.5 });
  });

  it("draws from a corner in any direction, as far as the image allows", () => {
    expect(rectFromCorner({ x: 0.2, y: 0.2 }, { x: 0.6, y: 0.4 })).toEqual({ x: 0.2, y: 0.2, width: 0.4, height: 0.4 });
    expect(rectFromCorner({ x: 0.8, y: 0.8 }, { x: 0.5, y: 0.7 })).toEqual({ x: 0.5, y: 0.5, width: 0.3, height: 0.3 });
    // Dragging past the image's bottom stops at the edge, in both directions, so the shape holds.
    expect(rectFromCorner({ x: 0.2, y: 0.7 }, { x: 0.9, y: 1.4 })).toEqual({ x: 0.2, y: 0.7, width: 0.3, height: 0.3 });
    // A click (no drag) still gives the smallest frame, not a zero-sized one.
    valid(rectFromCorner({ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.5 }));
    // Too close to an edge for the smallest frame: it is pushed back inside.
    valid(rectFromCorner({ x: 0.97, y: 0.97 }, { x: 1.2, y: 1.2 }));
  });

  it("resizes from a corner with the opposite corner fixed", () => {
    const r = { x: 0.2, y: 0.2, width: 0.4, height: 0.4 };
    expect(resizeRect(r, "se", { x: 0.9, y: 0.7 })).toEqual({ x: 0.2, y: 0.2, width: 0.7, height: 0.7 });
    expect(resizeRect(r, "nw", { x: 0.5, y: 0.5 })).toEqual({ x: 0.5, y: 0.5, width: 0.1, height: 0.1 });
    expect(resizeRect(r, "nw", { x: 0.55, y: 0.58 })).toEqual({ x: 0.5, y: 0.5, width: MIN_FRAME, height: MIN_FRAME });
    const ne = resizeRect(r, "ne", { x: 1.5, y: -1 });
    expect(ne).toEqual({ x: 0.2, y: 0, width: 0.6, height: 0.6 });
    for (const corner of ["nw", "ne", "sw", "se"] as const) for (const to of [{ x: -1, y: -1 }, { x: 2, y: 2 }, { x: 0.4, y: 0.4 }, { x: 2, y: -3 }]) valid(resizeRect(r, corner, to));
  });

  it("scales about the centre and stays inside the image", () => {
    expect(scaleRect({ x: 0.4, y: 0.4, width: 0.2, height: 0.2 }, 0.2)).toEqual({ x: 0.3, y: 0.3, width: 0.4, height: 0.4 });
    expect(scaleRect({ x: 0.6, y: 0.6, width: 0.4, height: 0.4 }, 0.2)).toEqual({ x: 0.4, y: 0.4, width: 0.6, height: 0.6 });
    expect(scaleRect({ x: 0.4, y: 0.4, width: 0.12, height: 0.12 }, -0.1).width).toBe(MIN_FRAME);
    expect(scaleRect({ x: 0, y: 0, width: 1, height: 1 }, 0.5)).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });

  it("turns arrow keys into moves and Shift+arrows into resizes", () => {
    const r = { x: 0.2, y: 0.2, width: 0.5, height: 0.5 };
    expect(nudgeRect(r, "ArrowRight")).toEqual({ ...r, x: 0.22 });
    expect(nudgeRect(r, "ArrowUp")).toEqual({ ...r, y: 0.18 });
    expect(nudgeRect(r, "ArrowLeft", { fine: true })).toEqual({ ...r, x: 0.198 });
    expect(nudgeRect(r, "ArrowDown", { shift: true })!.width).toBeCloseTo(0.5 + NUDGE);
    expect(nudgeRect(r, "ArrowLeft", { shift: true })!.width).toBeCloseTo(0.5 - NUDGE);
    expect(nudgeRect(r, "Enter")).toBeNull();
    let edge = { x: 0.5, y: 0.5, width: 0.5, height: 0.5 };
    for (let i = 0; i < 10; i++) edge = nudgeRect(edge, "ArrowRight")!;
    expect(edge.x).toBe(0.5);
  });

  it("starts a drawn move from the move the panel had", () => {
    expect(customFramesFrom({ kind: "none" })).toEqual({ from: { x: 0, y: 0, width: 1, height: 1 }, to: { x: 0.1, y: 0.1, width: 0.8, height: 0.8 } });
    expect(customFramesFrom({ kind: "pan-right" })).toEqual({ from: { x: 0, y: 0.1, width: 0.8, height: 0.8 }, to: { x: 0.2, y: 0.1, width: 0.8, height: 0.8 } });
  });
});
