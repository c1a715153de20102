import { describe, expect, it } from "vitest";
import { autoMask } from "@/lib/mask/auto/auto-mask";
import { labBin, labTable, rgbToLab } from "@/lib/mask/auto/lab";
import { applyToMask, refineMask } from "@/lib/mask/auto/refine";
import type { BinaryMask, RgbaImage } from "@/lib/mask/auto/types";
import { magicWand, magicWandPreview } from "@/lib/mask/auto/wand";

type Rgba = [number, number, number, number];

/** An image filled with `fill`, then each rect [x0, y0, x1, y1, colour] painted in order. */
function image(width: number, height: number, fill: Rgba, rects: [number, number, number, number, Rgba][] = []): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(fill, i * 4);
  for (const [x0, y0, x1, y1, c] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data.set(c, (y * width + x) * 4);
  return { width, height, data };
}

/** A mask from rows of "#" (character) and "." (not). */
function mask(rows: string[]): BinaryMask {
  return { width: rows[0]!.length, height: rows.length, data: Uint8Array.from(rows.join(""), (c) => (c === "#" ? 1 : 0)) };
}
const rowsOf = (m: BinaryMask) => Array.from({ length: m.height }, (_, y) => Array.from(m.data.subarray(y * m.width, (y + 1) * m.width), (v) => (v ? "#" : ".")).join(""));
const count = (m: BinaryMask) => m.data.reduce((a, b) => a + b, 0);
const rectMask = (width: number, height: number, x0: number, y0: number, x1: number, y1: number) => {
  const data = new Uint8Array(width * height);
  for (let y = y0; y < y1; y++) data.fill(1, y * width + x0, y * width + x1);
  return { width, height, data };
};

const BLUE: Rgba = [60, 120, 220, 255];
const RED: Rgba = [220, 50, 40, 255];
const NEAR_RED: Rgba = [226, 58, 44, 255];

describe("Lab table", () => {
  it("converts known colours and keeps binned colours within ΔE 3 of their exact Lab, under 1 on average", () => {
    const white = rgbToLab(255, 255, 255);
    expect(white[0]).toBeCloseTo(100, 2);
    expect(Math.hypot(white[1], white[2])).toBeLessThan(0.01);
    const red = rgbToLab(255, 0, 0);
    expect(red[0]).toBeCloseTo(53.24, 1);
    expect(red[1]).toBeCloseTo(80.09, 1);
    expect(red[2]).toBeCloseTo(67.2, 1);
    const table = labTable();
    let worst = 0;
    let sum = 0;
    let n = 0;
    for (let r = 0; r < 256; r += 3)
      for (let g = 0; g < 256; g += 5)
        for (let b = 0; b < 256; b += 7) {
          const exact = rgbToLab(r, g, b);
          const i = labBin(r, g, b) * 3;
          const error = Math.hypot(table[i]! - exact[0], table[i + 1]! - exact[1], table[i + 2]! - exact[2]);
          worst = Math.max(worst, error);
          sum += error;
          n++;
        }
    expect(worst).toBeLessThan(3);
    expect(sum / n).toBeLessThan(1);
  });
});

describe("autoMask", () => {
  it("marks exactly a character on a flat background, square corners included", () => {
    const result = autoMask(image(24, 20, BLUE, [[6, 5, 15, 14, RED]]));
    expect(result.mask.data).toEqual(rectMask(24, 20, 6, 5, 15, 14).data);
    expect(result.coverage).toBeCloseTo(81 / 480, 6);
    expect(result.confidence).toBe("good");
  });

  it("counts transparent pixels as background", () => {
    const result = autoMask(image(20, 20, [255, 255, 255, 0], [[4, 4, 12, 16, RED]]));
    expect(result.mask.data).toEqual(rectMask(20, 20, 4, 4, 12, 16).data);
  });

  it("keeps a character-coloured region inside, and cuts out large background seen through it", () => {
    // A ring of red around blue: the blue middle is background seen through an arm's loop.
    const ring = image(40, 40, BLUE, [
      [8, 8, 32, 32, RED],
      [14, 14, 26, 26, BLUE],
    ]);
    const result = autoMask(ring);
    expect(result.mask.data[20 * 40 + 20]).toBe(0);
    expect(result.mask.data[10 * 40 + 10]).toBe(1);
    expect(count(result.mask)).toBe(24 * 24 - 12 * 12);
  });

  it("keeps the white of an eye round its pupil on a white background", () => {
    const WHITE: Rgba = [250, 250, 250, 255];
    const result = autoMask(image(40, 40, WHITE, [
      [8, 8, 32, 32, RED],
      [14, 14, 26, 26, WHITE],
      [18, 18, 22, 22, [20, 20, 30, 255]],
    ]));
    expect(result.mask.data).toEqual(rectMask(40, 40, 8, 8, 32, 32).data);
  });

  it("keeps only the box, estimating the background from its edges", () => {
    const picture = image(40, 20, BLUE, [
      [3, 5, 10, 12, RED],
      [25, 4, 33, 15, RED],
    ]);
    const result = autoMask(picture, { box: { x0: 20, y0: 0, x1: 40, y1: 20 } });
    expect(result.mask.data).toEqual(rectMask(40, 20, 25, 4, 33, 15).data);
  });

  it("keeps the main subject and drops a small separate speck", () => {
    const result = autoMask(image(40, 40, BLUE, [
      [10, 10, 30, 30, RED],
      [2, 34, 4, 36, RED],
    ]));
    expect(result.mask.data).toEqual(rectMask(40, 40, 10, 10, 30, 30).data);
  });

  it("follows a given tolerance: a background shade within it is flooded, beyond it is kept", () => {
    // A slightly darker blue patch touching the top edge, 8 ΔE or so from the background.
    const shade: Rgba = [50, 105, 200, 255];
    const picture = image(40, 40, BLUE, [
      [10, 0, 20, 8, shade],
      [12, 20, 28, 32, RED],
    ]);
    expect(count(autoMask(picture, { tolerance: 15 }).mask)).toBe(16 * 12);
    expect(count(autoMask(picture, { tolerance: 3 }).mask)).toBe(16 * 12 + 10 * 8);
  });

  it("asks for a check when the character runs out of the frame on three sides", () => {
    // A big red body through the left, right and bottom edges, on a blue top.
    const result = autoMask(image(60, 60, BLUE, [[0, 30, 60, 60, RED], [20, 10, 40, 30, RED]]));
    expect(result.confidence).toBe("check");
  });

  it("asks for a check when the proposal is tiny", () => {
    const result = autoMask(image(100, 100, BLUE, [[50, 50, 53, 53, RED]]));
    expect(result.confidence).toBe("check");
    expect(result.reason).toMatch(/small/);
  });
});

describe("magicWand", () => {
  // Two red squares apart, one slightly different red touching the first.
  const picture = image(30, 12, BLUE, [
    [1, 1, 6, 6, RED],
    [6, 1, 8, 6, NEAR_RED],
    [20, 2, 25, 7, RED],
  ]);

  it("contiguous picks only the clicked square; global picks every square of that colour", () => {
    const near = magicWand(picture, 2, 2, { tolerance: 2, contiguous: true });
    expect(near.data).toEqual(rectMask(30, 12, 1, 1, 6, 6).data);
    const global = magicWand(picture, 2, 2, { tolerance: 2, contiguous: false });
    const both = rectMask(30, 12, 1, 1, 6, 6);
    for (let y = 2; y < 7; y++) both.data.fill(1, y * 30 + 20, y * 30 + 25);
    expect(global.data).toEqual(both.data);
  });

  it("reaches a slightly different colour only at a higher tolerance", () => {
    expect(count(magicWand(picture, 2, 2, { tolerance: 2, contiguous: true }))).toBe(25);
    expect(magicWand(picture, 2, 2, { tolerance: 10, contiguous: true }).data).toEqual(rectMask(30, 12, 1, 1, 8, 6).data);
  });

  it("fills around obstacles (a U shape) in contiguous mode", () => {
    const u = image(9, 7, BLUE, [
      [2, 1, 3, 6, RED],
      [2, 5, 7, 6, RED],
      [6, 1, 7, 6, RED],
    ]);
    const picked = magicWand(u, 0, 0, { tolerance: 5, contiguous: true });
    expect(rowsOf(picked)).toEqual(["#########", "##.###.##", "##.###.##", "##.###.##", "##.###.##", "##.....##", "#########"]);
  });

  it("the preview picks the same region on a downscaled copy", () => {
    const big = image(3000, 40, BLUE, [[100, 10, 1100, 30, RED]]);
    const { mask: small, scale } = magicWandPreview(big, 500, 20, { tolerance: 5, contiguous: true });
    expect(scale).toBe(3);
    expect(small.width).toBe(1000);
    // Samples at every third pixel: columns 34–366 (x 102–1098) and rows 4–9 (y 12–27) are red.
    expect(count(small)).toBe(333 * 6);
    expect(small.data[4 * 1000 + 34]).toBe(1);
    expect(small.data[4 * 1000 + 33]).toBe(0);
  });
});

describe("refineMask", () => {
  const dot = mask([".........", ".........", ".........", ".........", "....#....", ".........", ".........", ".........", "........."]);

  it("grows by an exact Euclidean distance: a disc, not a square", () => {
    expect(rowsOf(refineMask(dot, { kind: "grow", pixels: 2 }))).toEqual([".........", ".........", "....#....", "...###...", "..#####..", "...###...", "....#....", ".........", "........."]);
    expect(count(refineMask(dot, { kind: "grow", pixels: 3 }))).toBe(29);
    expect(count(refineMask(dot, { kind: "grow", pixels: 40 }))).toBe(81);
  });

  it("shrinks by an exact distance and does not shrink from the image's edge", () => {
    const square = rectMask(20, 20, 5, 5, 16, 16);
    expect(refineMask(square, { kind: "shrink", pixels: 2 }).data).toEqual(rectMask(20, 20, 7, 7, 14, 14).data);
    const cut = rectMask(10, 10, 0, 3, 10, 10);
    expect(refineMask(cut, { kind: "shrink", pixels: 1 }).data).toEqual(rectMask(10, 10, 0, 4, 10, 10).data);
  });

  it("grow then shrink by the same distance closes a narrow gap", () => {
    const gap = mask(["##.##", "##.##", "##.##"]);
    const closed = refineMask(refineMask(gap, { kind: "grow", pixels: 1 }), { kind: "shrink", pixels: 1 });
    expect(rowsOf(closed)).toEqual(["#####", "#####", "#####"]);
  });

  it("feather stays two-valued, rounds corners and keeps a large shape's size", () => {
    const square = rectMask(60, 60, 10, 10, 50, 50);
    const soft = refineMask(square, { kind: "feather", pixels: 8 });
    expect(soft.data.every((v) => v === 0 || v === 1)).toBe(true);
    expect(soft.data[10 * 60 + 10]).toBe(0);
    expect(soft.data[30 * 60 + 10]).toBe(1);
    expect(Math.abs(count(soft) - 1600)).toBeLessThan(60);
  });

  it("removes specks under the size and fills small holes, keeping larger ones", () => {
    const m = mask([
      "##.......#########",
      "#........#.......#",
      ".........#.......#",
      "....#....#..##...#",
      ".........#.......#",
      "...##....#.......#",
      "...##....#########",
    ]);
    const cleaned = refineMask(m, { kind: "remove-specks", minPixels: 4 });
    expect(rowsOf(cleaned)).toEqual([
      ".........#########",
      ".........#.......#",
      ".........#.......#",
      ".........#.......#",
      ".........#.......#",
      "...##....#.......#",
      "...##....#########",
    ]);
    const holey = mask(["######", "#.####", "######", "#...##", "#...##", "######"]);
    expect(rowsOf(refineMask(holey, { kind: "remove-specks", minPixels: 2 }))).toEqual(["######", "######", "######", "#...##", "#...##", "######"]);
  });

  it("fills holes not connected to the edge, optionally only the small ones", () => {
    const holey = mask(["######..", "#.####..", "######..", "#...##..", "#...##..", "######.."]);
    expect(rowsOf(refineMask(holey, { kind: "fill-holes" }))).toEqual(["######..", "######..", "######..", "######..", "######..", "######.."]);
    expect(rowsOf(refineMask(holey, { kind: "fill-holes", maxPixels: 3 }))).toEqual(["######..", "######..", "######..", "#...##..", "#...##..", "######.."]);
  });
});

describe("applyToMask", () => {
  it("adds and removes the wand's region", () => {
    const base = mask(["##..", "##..", "...."]);
    const region = mask([".##.", ".##.", "...."]);
    expect(rowsOf(applyToMask(base, region, "add"))).toEqual(["###.", "###.", "...."]);
    expect(rowsOf(applyToMask(base, region, "remove"))).toEqual(["#...", "#...", "...."]);
    expect(rowsOf(base)).toEqual(["##..", "##..", "...."]);
  });

  it("refuses a region of another size with a message saying what to do", () => {
    expect(() => applyToMask(mask(["##"]), mask(["#", "#"]), "add")).toThrow(/1×2 but the mask is 2×1; pick again/);
  });
});
