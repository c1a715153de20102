import { describe, expect, it } from "vitest";
import { BALLOON, balloonPath, layoutBalloon, wrapText, type BalloonLayout, type Measure } from "@/lib/board/balloon-layout";

// Deterministic stand-in for canvas measureText: every character is 0.55 em wide, bold a little wider.
const measure: Measure = (text, fontSize, bold) => Array.from(text).length * 0.55 * fontSize * (bold ? 1.1 : 1);
const frame = { width: 1000, height: 562 };

function expectInside(b: BalloonLayout, f: { width: number; height: number }) {
  expect(b.left).toBeGreaterThanOrEqual(0);
  expect(b.top).toBeGreaterThanOrEqual(0);
  expect(b.left + b.width).toBeLessThanOrEqual(f.width);
  expect(b.top + b.height).toBeLessThanOrEqual(f.height);
  for (const [x, y] of [
    [b.tail.x1, b.tail.y1],
    [b.tail.x2, b.tail.y2],
    [b.tail.x3, b.tail.y3],
  ] as const) {
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(f.width);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(f.height);
  }
}

describe("balloon layout", () => {
  it("wraps long text within the maximum balloon width", () => {
    const text = "We have to leave before the tide turns, or we will never reach the lighthouse tonight.";
    const b = layoutBalloon({ text, speaker: null, x: 0.5, y: 0.3 }, frame, measure);
    expect(b.lines.length).toBeGreaterThan(1);
    expect(b.lines.join(" ")).toBe(text);
    expect(b.width).toBeLessThanOrEqual(frame.width * BALLOON.maxWidthRatio + 1e-9);
    for (const line of b.lines) expect(measure(line, b.fontSize)).toBeLessThanOrEqual(b.width);
    expect(b.height).toBeGreaterThan(b.lines.length * b.fontSize);
  });

  it("keeps the writer's line breaks", () => {
    expect(wrapText("Hello\nthere", 1000, 10, measure)).toEqual(["Hello", "there"]);
  });

  it("stays inside the frame at every corner and edge, tail included", () => {
    const text = "Somebody has been in the house. The door was open when I got back.";
    for (const x of [0, 0.5, 1]) {
      for (const y of [0, 0.5, 0.8, 1]) {
        for (const f of [frame, { width: 576, height: 1024 }, { width: 120, height: 68 }]) {
          expectInside(layoutBalloon({ text, speaker: "Ines", x, y }, f, measure), f);
        }
      }
    }
  });

  it("breaks a word longer than a line", () => {
    const word = "a".repeat(200);
    const b = layoutBalloon({ text: word, speaker: null, x: 0.5, y: 0.5 }, frame, measure);
    expect(b.lines.length).toBeGreaterThan(1);
    expect(b.lines.join("")).toBe(word);
    for (const line of b.lines) expect(measure(line, b.fontSize)).toBeLessThanOrEqual(b.width);
    expectInside(b, frame);
  });

  it("gives empty text a small box", () => {
    const b = layoutBalloon({ text: "   ", speaker: null, x: 0.5, y: 0.5 }, frame, measure);
    expect(b.lines).toEqual([]);
    expect(b.rows).toEqual([]);
    expect(b.width).toBeGreaterThan(0);
    expect(b.height).toBeGreaterThan(0);
    expect(b.width).toBeLessThan(frame.width * 0.15);
  });

  it("scales with the frame width, with a floor on the type size", () => {
    const input = { text: "Run!", speaker: "Tom", x: 0.5, y: 0.5 };
    const small = layoutBalloon(input, { width: 500, height: 281 }, measure);
    const large = layoutBalloon(input, { width: 1000, height: 562 }, measure);
    expect(large.fontSize).toBeCloseTo(1000 * BALLOON.fontRatio);
    expect(large.fontSize / small.fontSize).toBeCloseTo(2);
    expect(large.width / small.width).toBeCloseTo(2);
    expect(layoutBalloon(input, { width: 100, height: 56 }, measure).fontSize).toBe(BALLOON.minFont);
  });

  it("puts the speaker on its own bold line above the dialogue", () => {
    const b = layoutBalloon({ text: "Hold on.", speaker: "  Mara ", x: 0.5, y: 0.5 }, frame, measure);
    expect(b.speakerLine).toBe("Mara");
    expect(b.rows.map((r) => [r.text, r.bold])).toEqual([
      ["Mara", true],
      ["Hold on.", false],
    ]);
    expect(b.rows[0]!.y).toBeLessThan(b.rows[1]!.y);
    expect(layoutBalloon({ text: "Hi", speaker: null, x: 0.5, y: 0.5 }, frame, measure).speakerLine).toBeNull();
  });

  it("points the tail down, or up from the bottom quarter", () => {
    const high = layoutBalloon({ text: "Hi", speaker: null, x: 0.3, y: 0.4 }, frame, measure);
    expect(high.tail.direction).toBe("down");
    expect(high.tail.y2).toBeGreaterThan(high.top + high.height);
    const low = layoutBalloon({ text: "Hi", speaker: null, x: 0.3, y: 0.9 }, frame, measure);
    expect(low.tail.direction).toBe("up");
    expect(low.tail.y2).toBeLessThan(low.top);
  });

  it("fits very long dialogue by widening, shrinking and finally cutting it", () => {
    const text = "word ".repeat(100).trim();
    const f = { width: 200, height: 112 };
    const b = layoutBalloon({ text, speaker: "Narrator", x: 0.5, y: 0.5 }, f, measure);
    expectInside(b, f);
    expect(b.fontSize).toBe(BALLOON.minFont);
    expect(b.lines[b.lines.length - 1]!.endsWith("…")).toBe(true);
  });

  it("draws body and tail as one closed path", () => {
    const path = balloonPath(layoutBalloon({ text: "Hi", speaker: null, x: 0.5, y: 0.2 }, frame, measure));
    expect(path.startsWith("M ")).toBe(true);
    expect(path.endsWith("Z")).toBe(true);
    expect(path).not.toContain("NaN");
  });
});
