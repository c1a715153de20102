import type { ReadingDirection } from "./comic-schema";
import type { Rect } from "./comic-types";
import type { PageTemplate } from "./templates";

export interface PageGeometry {
  trim: { width: number; height: number };
  margin: number;
  gutter: number;
}

/**
 * A template's frames on a page, in reading order: rows top to bottom; within a row, frames left to
 * right (right to left for manga), a stacked column read top to bottom where it stands; the inset
 * last. The shapes stay as drawn in either direction: only the order changes. Frames fill the live area (the trim less the margin on every side) with exactly one gutter
 * between neighbours; the inset lies over the others.
 */
export function layoutPage(template: PageTemplate, page: PageGeometry, direction: ReadingDirection): Rect[] {
  const live = liveArea(page);
  const g = page.gutter;
  const frames: Rect[] = [];
  const rowHeights = split(live.height, g, template.rows.map((r) => r.h));
  let y = live.y;
  template.rows.forEach((row, r) => {
    const height = rowHeights[r]!;
    const widths = split(live.width, g, row.cells.map((c) => (typeof c === "number" ? c : c.w)));
    // Positions are worked out left to right, then the row is read in the book's direction.
    let x = live.x;
    const cells = row.cells.map((cell, c) => {
      const width = widths[c]!;
      const at = x;
      x += width + g;
      if (typeof cell === "number") return [{ x: at, y, width, height }];
      let top = y;
      return split(height, g, cell.stack).map((h) => {
        const rect = { x: at, y: top, width, height: h };
        top += h + g;
        return rect;
      });
    });
    if (direction === "rtl") cells.reverse();
    frames.push(...cells.flat());
    y += height + g;
  });
  const inset = template.inset;
  if (inset) {
    frames.push({ x: live.x + inset.x * live.width, y: live.y + inset.y * live.height, width: inset.w * live.width, height: inset.h * live.height });
  }
  return frames;
}

/** Splits `total` into parts of the given weights with `gutter` between each two. */
function split(total: number, gutter: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const free = total - gutter * (weights.length - 1);
  return weights.map((w) => (free * w) / sum);
}

/** The live area a page's frames fill: the trim less the margin. */
export function liveArea(page: PageGeometry): Rect {
  return { x: page.margin, y: page.margin, width: page.trim.width - 2 * page.margin, height: page.trim.height - 2 * page.margin };
}
