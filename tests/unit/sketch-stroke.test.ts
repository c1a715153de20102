import { describe, expect, it } from "vitest";
import { BRUSH, clampBrush, eventPressure, NEUTRAL_PRESSURE, pressureWidth, segmentBox, segmentWidth, straightEnd, toImagePoint } from "@/lib/sketch/stroke";

const at = (x: number, y: number, pressure = 0.5) => ({ x, y, pressure });

describe("sketch stroke geometry", () => {
  it("takes a pen's pressure, with a floor, and draws mouse and touch at the neutral 0.5", () => {
    expect(eventPressure("pen", 0.8)).toBe(0.8);
    expect(eventPressure("pen", 0)).toBe(0.05);
    expect(eventPressure("pen", 3)).toBe(1);
    expect(eventPressure("pen", Number.NaN)).toBe(NEUTRAL_PRESSURE);
    // A mouse reports 0.5 while pressed; fingers report 0 or 1 whatever they do.
    expect(eventPressure("mouse", 0.5)).toBe(0.5);
    expect(eventPressure("touch", 1)).toBe(0.5);
    expect(eventPressure("touch", 0)).toBe(0.5);
  });

  it("scales width with pressure: the brush size at 0.5, thinner when light, wider when pressed", () => {
    expect(pressureWidth(10, 0.5)).toBeCloseTo(10);
    expect(pressureWidth(10, 0)).toBeCloseTo(2);
    expect(pressureWidth(10, 1)).toBeCloseTo(18);
    const widths = [0.1, 0.3, 0.5, 0.7, 0.9].map((p) => pressureWidth(8, p));
    expect([...widths].sort((a, b) => a - b)).toEqual(widths);
    // Never a zero-width mark, whatever comes in.
    expect(pressureWidth(1, 0)).toBe(0.5);
    expect(pressureWidth(10, Number.NaN)).toBeCloseTo(10);
    expect(pressureWidth(10, -1)).toBeCloseTo(2);
  });

  it("gives a segment the mean pressure of its ends, so width changes smoothly along a stroke", () => {
    expect(segmentWidth(10, at(0, 0, 0.2), at(5, 0, 0.8))).toBeCloseTo(pressureWidth(10, 0.5));
  });

  it("rules a straight line, snapping nearly level or plumb lines exactly", () => {
    expect(straightEnd(at(10, 10), at(110, 14))).toEqual(at(110, 10));
    expect(straightEnd(at(10, 10), at(13, 200))).toEqual(at(10, 200));
    expect(straightEnd(at(10, 10), at(110, 110))).toEqual(at(110, 110));
    expect(straightEnd(at(10, 10), at(-90, 16))).toEqual(at(-90, 10));
    expect(straightEnd(at(10, 10), at(10, 10))).toEqual(at(10, 10));
    expect(straightEnd(at(0, 0), at(100, 20), 0)).toEqual(at(100, 20));
  });

  it("bounds a segment's pixels by half its width plus antialiasing, clamped to the image", () => {
    expect(segmentBox(at(10, 20), at(30, 25), 4, 100, 100)).toEqual({ x0: 6, y0: 16, x1: 34, y1: 29 });
    expect(segmentBox(at(-50, -50), at(5, 5), 2, 100, 100)).toEqual({ x0: 0, y0: 0, x1: 8, y1: 8 });
    expect(segmentBox(at(99, 99), at(99, 99), 10, 100, 100)).toEqual({ x0: 92, y0: 92, x1: 100, y1: 100 });
  });

  it("maps a pointer on a canvas scaled by CSS to image pixels", () => {
    const box = { left: 100, top: 50, width: 512, height: 288 };
    expect(toImagePoint(100, 50, box, 1024, 576)).toEqual({ x: 0, y: 0 });
    expect(toImagePoint(356, 194, box, 1024, 576)).toEqual({ x: 512, y: 288 });
    expect(toImagePoint(612, 338, box, 1024, 576)).toEqual({ x: 1024, y: 576 });
  });

  it("keeps brush sizes whole and within range", () => {
    expect(clampBrush(0)).toBe(BRUSH.min);
    expect(clampBrush(4.4)).toBe(4);
    expect(clampBrush(1000)).toBe(BRUSH.max);
  });
});
