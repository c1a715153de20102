import { describe, expect, it } from "vitest";
import { BLEED_PT } from "@/lib/comic/comic-schema";
import { comicExportProblem, cropMarkSegments, framesWithoutImages, lowResolutionFrames, paintedRect, borderSegments } from "@/lib/comic/export/print-geometry";
import { planSlices, planStrip } from "@/lib/comic/export/webtoon-plan";
import { largeComic, sampleComic } from "../support/comic-fixtures";

const comic = sampleComic();
const trim = comic.trim;

describe("bleed and borders", () => {
  it("a full-bleed splash runs into the bleed on all four sides and has no border", () => {
    const splash = comic.pages[0]!.frames[0]!.rect;
    expect(paintedRect(splash, comic)).toEqual({ x: -BLEED_PT, y: -BLEED_PT, width: trim.width + 2 * BLEED_PT, height: trim.height + 2 * BLEED_PT });
    expect(borderSegments(splash, trim)).toEqual([]);
  });

  it("a frame on the margin stays put, with all four borders", () => {
    const framed = comic.pages[1]!.frames[0]!.rect;
    expect(paintedRect(framed, comic)).toEqual(framed);
    expect(borderSegments(framed, trim)).toHaveLength(4);
  });

  it("a frame touching only the top edge bleeds at the top only", () => {
    const rect = { x: 36, y: 0, width: 200, height: 300 };
    expect(paintedRect(rect, comic)).toEqual({ x: 36, y: -BLEED_PT, width: 200, height: 300 + BLEED_PT });
    expect(borderSegments(rect, trim)).toHaveLength(3);
  });

  it("crop marks lie wholly outside the bleed box, on the trim lines", () => {
    const marks = cropMarkSegments(comic);
    expect(marks).toHaveLength(8);
    for (const [x1, y1, x2, y2] of marks) {
      const outside = (x: number, y: number) => x < -BLEED_PT || x > trim.width + BLEED_PT || y < -BLEED_PT || y > trim.height + BLEED_PT;
      expect(outside(x1, y1) && outside(x2, y2)).toBe(true);
      expect([0, trim.width].includes(x1) || [0, trim.height].includes(y1)).toBe(true);
    }
  });
});

describe("print checks", () => {
  it("names each panel under 300 dpi at its printed size, with its page and place in reading order", () => {
    // p1 fills a full-bleed 6.9 × 10.5 in sheet: 600 px is about 87 dpi. Page 2's frames are 4.6 in tall: a 2000 px square covers them at ~440 dpi.
    const images = new Map([["p1", { width: 600, height: 900 }], ...["p2", "p3", "p4", "p5"].map((id) => [id, { width: 2000, height: 2000 }] as const), ["p6", { width: 400, height: 300 }]]);
    const low = lowResolutionFrames(comic, images);
    expect(low.map((l) => `${l.page}/${l.panel}/${l.panelId}`)).toEqual(["1/1/p1", "3/1/p6"]);
    // Covering the 495 × 756 pt sheet (bleed included) takes the image's height: 900 px over 756 pt, 600 px over 504 pt = 7 in.
    expect(low[0]!.dpi).toBe(85);
    expect(framesWithoutImages(comic, images).map((f) => f.panelId)).toEqual(["p7"]);
  });

  it("zooming in lowers the printed resolution", () => {
    const zoomed = sampleComic();
    zoomed.pages[1]!.frames[0]!.framing = { zoom: 3, cx: 0.5, cy: 0.5 };
    const images = new Map([["p2", { width: 2000, height: 2000 }]]);
    expect(lowResolutionFrames(sampleComic(), images)).toEqual([]);
    expect(lowResolutionFrames(zoomed, images).map((l) => l.panelId)).toEqual(["p2"]);
  });

  it("says what to do when there are no pages or a page has no room for its frames", () => {
    expect(comicExportProblem({ ...comic, pages: [] })).toMatch(/^Lay out pages first/);
    expect(comicExportProblem(comic)).toBeNull();
    const cramped = sampleComic();
    cramped.pages[2]!.frames[1]!.rect.height = 4;
    expect(comicExportProblem(cramped)).toMatch(/^Page 3 cannot be printed.*frame 2/);
    expect(comicExportProblem({ ...comic, margin: 240 })).toMatch(/too small for its 240 pt margins/);
  });
});

describe("webtoon strip", () => {
  it("stacks every panel in reading order at 800 px wide, leaving empty frames out", () => {
    const plan = planStrip(comic);
    expect(plan.width).toBe(800);
    expect(plan.blocks.map((b) => b.ref.panelId)).toEqual(["p1", "p2", "p3", "p4", "p5", "p6", "p7"]);
    for (let i = 1; i < plan.blocks.length; i++) expect(plan.blocks[i]!.top).toBeGreaterThan(plan.blocks[i - 1]!.top + plan.blocks[i - 1]!.height);
  });

  it("cuts slices of at most 1280 px, between panels wherever a panel fits, covering the strip exactly", () => {
    const plan = planStrip(largeComic(4, 5));
    expect(plan.slices.reduce((sum, s) => sum + s.height, 0)).toBe(plan.height);
    for (const s of plan.slices) expect(s.height).toBeLessThanOrEqual(1280);
    // No panel is cut: every slice edge lies in a gap.
    for (const s of plan.slices.slice(1)) expect(plan.blocks.some((b) => s.top > b.top && s.top < b.top + b.height)).toBe(false);
  });

  it("cuts through a panel only when it is taller than a slice", () => {
    expect(planSlices([], 3000, 1280)).toEqual([{ top: 0, height: 1280 }, { top: 1280, height: 1280 }, { top: 2560, height: 440 }]);
    expect(planSlices([500, 1100, 1900], 2400, 1280)).toEqual([{ top: 0, height: 1100 }, { top: 1100, height: 800 }, { top: 1900, height: 500 }]);
    // A 1327 px panel: the gap 70 px past the first cut would make a sliver, so the next slice runs on to a full one.
    expect(planSlices([1350, 2750], 4000, 1280)).toEqual([{ top: 0, height: 1280 }, { top: 1280, height: 1280 }, { top: 2560, height: 1280 }, { top: 3840, height: 160 }]);
  });
});
