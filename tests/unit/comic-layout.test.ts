import { describe, expect, it } from "vitest";
import { TRIM_PRESETS } from "@/lib/comic/comic-schema";
import type { Rect } from "@/lib/comic/comic-types";
import { aspectWarning, imageSizeForFrame } from "@/lib/comic/frame-shape";
import { layoutPage, liveArea, type PageGeometry } from "@/lib/comic/page-layout";
import { frameCount, isTemplateId, templateById, templateGroups, TEMPLATES, templatesFor } from "@/lib/comic/templates";

const EPS = 1e-6;
const trim = { width: TRIM_PRESETS["us-comic"].widthPt, height: TRIM_PRESETS["us-comic"].heightPt };
const page = (gutter: number, margin = 36): PageGeometry => ({ trim, margin, gutter });
const area = (r: Rect) => r.width * r.height;
const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
const centre = (r: Rect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

/** The frames a template tiles with (an inset lies over them). */
const tiling = (id: string, frames: Rect[]) => (templateById(id).inset ? frames.slice(0, -1) : frames);

describe("page templates", () => {
  it("offer about thirty layouts: a splash, every count from two to nine, and manga ones", () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(28);
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
    for (let n = 1; n <= 9; n++) expect(templatesFor(n).length, `${n} panels`).toBeGreaterThan(0);
    expect(TEMPLATES.filter((t) => t.group === "manga").length).toBeGreaterThanOrEqual(3);
    expect(TEMPLATES.some((t) => t.inset)).toBe(true);
    expect(templateGroups().map((g) => g.label)).toContain("Manga (right to left)");
    expect(templateGroups().flatMap((g) => g.templates)).toHaveLength(TEMPLATES.length);
  });

  it("are each valid: positive weights, an inset inside the live area, and as many frames laid out as counted", () => {
    for (const t of TEMPLATES) {
      expect(t.rows.length, t.id).toBeGreaterThan(0);
      for (const row of t.rows) {
        expect(row.h, t.id).toBeGreaterThan(0);
        for (const cell of row.cells) {
          if (typeof cell === "number") expect(cell, t.id).toBeGreaterThan(0);
          else expect([cell.w, ...cell.stack].every((w) => w > 0), t.id).toBe(true);
        }
      }
      if (t.inset) expect(t.inset.x + t.inset.w <= 1 && t.inset.y + t.inset.h <= 1 && t.inset.x >= 0 && t.inset.y >= 0, t.id).toBe(true);
      expect(layoutPage(t, page(9), "ltr"), t.id).toHaveLength(frameCount(t));
    }
  });

  it("falls back to a known layout for an unknown id, so a page from a newer save still draws", () => {
    expect(isTemplateId("from-the-future")).toBe(false);
    expect(frameCount(templateById("from-the-future"))).toBe(4);
  });
});

describe("page layout", () => {
  it("tiles the live area exactly when there is no gutter: no overlaps, no holes", () => {
    for (const t of TEMPLATES) {
      const frames = tiling(t.id, layoutPage(t, page(0), "ltr"));
      const live = liveArea(page(0));
      expect(frames.reduce((sum, f) => sum + area(f), 0), t.id).toBeCloseTo(area(live), 6);
      for (let i = 0; i < frames.length; i++) for (let j = i + 1; j < frames.length; j++) expect(overlap(frames[i]!, frames[j]!), t.id).toBeLessThan(EPS);
    }
  });

  it("keeps every frame inside the margins, with no overlaps but the inset, for any trim, margin and gutter", () => {
    for (const [w, h] of Object.values(TRIM_PRESETS).map((p) => [p.widthPt, p.heightPt] as const)) {
      for (const [gutter, margin] of [[0, 18], [9, 36], [36, 72]] as const) {
        const geometry = { trim: { width: w, height: h }, margin, gutter };
        for (const t of TEMPLATES) {
          const frames = layoutPage(t, geometry, "rtl");
          for (const f of frames) {
            expect(f.x >= margin - EPS && f.y >= margin - EPS && f.x + f.width <= w - margin + EPS && f.y + f.height <= h - margin + EPS, t.id).toBe(true);
            expect(f.width > 0 && f.height > 0, t.id).toBe(true);
          }
          const tiles = tiling(t.id, frames);
          for (let i = 0; i < tiles.length; i++) for (let j = i + 1; j < tiles.length; j++) expect(overlap(tiles[i]!, tiles[j]!), t.id).toBeLessThan(EPS);
        }
      }
    }
  });

  it("leaves exactly one gutter between neighbouring frames, and frames reach the margins", () => {
    const g = 9;
    const live = liveArea(page(g));
    for (const t of TEMPLATES) {
      const frames = tiling(t.id, layoutPage(t, page(g), "ltr"));
      for (const f of frames) {
        // Each side of a frame is on the live area's edge, or faces another frame exactly a gutter away.
        const right = Math.abs(f.x + f.width - (live.x + live.width)) < EPS || frames.some((o) => Math.abs(o.x - (f.x + f.width + g)) < EPS && o.y < f.y + f.height && f.y < o.y + o.height);
        const bottom = Math.abs(f.y + f.height - (live.y + live.height)) < EPS || frames.some((o) => Math.abs(o.y - (f.y + f.height + g)) < EPS && o.x < f.x + f.width && f.x < o.x + o.width);
        const left = Math.abs(f.x - live.x) < EPS || frames.some((o) => Math.abs(o.x + o.width + g - f.x) < EPS);
        const top = Math.abs(f.y - live.y) < EPS || frames.some((o) => Math.abs(o.y + o.height + g - f.y) < EPS);
        expect([left, top, right, bottom], `${t.id} ${JSON.stringify(f)}`).toEqual([true, true, true, true]);
      }
      // Gutters take what the frames leave: the area lost is the gutter strips, never more.
      const lost = area(live) - frames.reduce((sum, f) => sum + area(f), 0);
      expect(lost, t.id).toBeGreaterThanOrEqual(0);
      expect(lost, t.id).toBeLessThan(g * (live.width + live.height) * 4);
    }
  });

  it("reads left to right, rows top to bottom; right to left for manga, the same shapes", () => {
    const grid = templateById("grid-4");
    const ltr = layoutPage(grid, page(9), "ltr").map(centre);
    expect(ltr[0]!.x).toBeLessThan(ltr[1]!.x);
    expect(ltr[0]!.y).toBe(ltr[1]!.y);
    expect(ltr[1]!.y).toBeLessThan(ltr[2]!.y);
    expect(ltr[2]!.x).toBeLessThan(ltr[3]!.x);
    const rtl = layoutPage(grid, page(9), "rtl").map(centre);
    expect(rtl).toEqual([ltr[1], ltr[0], ltr[3], ltr[2]]);

    // A tall frame beside a stack: the stack reads top to bottom where it stands in the row.
    const tall = templateById("tall-beside-two");
    const [a, b, c] = layoutPage(tall, page(9), "ltr");
    expect(a!.height).toBeGreaterThan(b!.height);
    expect(b!.x).toBe(c!.x);
    expect(b!.y).toBeLessThan(c!.y);
    const [ra, rb, rc] = layoutPage(tall, page(9), "rtl");
    expect([ra, rb, rc]).toEqual([b, c, a]);

    for (const t of TEMPLATES) {
      const forward = layoutPage(t, page(9), "ltr");
      expect([...layoutPage(t, page(9), "rtl")].sort(byPosition), t.id).toEqual([...forward].sort(byPosition));
    }
  });

  it("puts the inset last in reading order, over the frame it sits in", () => {
    const frames = layoutPage(templateById("splash-inset"), page(9), "ltr");
    expect(overlap(frames[0]!, frames[1]!)).toBeCloseTo(area(frames[1]!), 6);
  });
});

const byPosition = (a: Rect, b: Rect) => a.y - b.y || a.x - b.x;

describe("frame shape", () => {
  it("warns when the frame and the image differ by more than 15 %, saying which way", () => {
    expect(aspectWarning({ width: 100, height: 100 }, { width: 110, height: 100 })).toBeNull();
    expect(aspectWarning({ width: 100, height: 200 }, { width: 1344, height: 768 })).toBe("This frame is taller than the image: part is hidden");
    expect(aspectWarning({ width: 400, height: 100 }, { width: 1024, height: 1024 })).toBe("This frame is wider than the image: part is hidden");
  });

  it("asks for an image of the frame's shape within the endpoint's custom size limits", () => {
    expect(imageSizeForFrame({ width: 200, height: 100 })).toEqual({ width: 1536, height: 768 });
    expect(imageSizeForFrame({ width: 100, height: 300 })).toEqual({ width: 512, height: 1536 });
    // A widescreen tier far flatter than the endpoint allows: the short side holds at its minimum.
    const flat = imageSizeForFrame({ width: 405, height: 20 });
    expect(flat).toEqual({ width: 1536, height: 256 });
    for (const f of TEMPLATES.flatMap((t) => layoutPage(t, page(9), "ltr"))) {
      const size = imageSizeForFrame(f);
      expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(256);
      expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(2048);
    }
  });
});
