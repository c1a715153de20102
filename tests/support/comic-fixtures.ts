import { BLEED_PT, DEFAULT_FRAMING, TRIM_PRESETS, type LetterKind, type TrimPreset } from "@/lib/comic/comic-schema";
import type { Rect, ResolvedComic, ResolvedFrame, ResolvedLetter, ResolvedPage } from "@/lib/comic/comic-types";

/**
 * Resolved comics built by hand for the export tests (and the bench), so they do not depend on the
 * page resolver: they satisfy the contract in lib/comic/comic-types.ts and nothing more.
 */
export const MARGIN = 36;
export const GUTTER = 9;
export const BORDER = 1.5;

/** Frames of a grid of `rows` rows inside the margins, `cols[r]` frames in row r, in reading order. */
export function gridFrames(trim: { width: number; height: number }, cols: number[], firstPanel: number, panelCount: number, rtl = false): ResolvedFrame[] {
  const inner = { x: MARGIN, y: MARGIN, width: trim.width - 2 * MARGIN, height: trim.height - 2 * MARGIN };
  const rowH = (inner.height - (cols.length - 1) * GUTTER) / cols.length;
  const frames: ResolvedFrame[] = [];
  cols.forEach((n, r) => {
    const w = (inner.width - (n - 1) * GUTTER) / n;
    for (let i = 0; i < n; i++) {
      const col = rtl ? n - 1 - i : i;
      const index = frames.length;
      const rect: Rect = { x: inner.x + col * (w + GUTTER), y: inner.y + r * (rowH + GUTTER), width: w, height: rowH };
      frames.push({ readingIndex: index, rect, panelId: firstPanel + index < panelCount ? `p${firstPanel + index + 1}` : null, framing: DEFAULT_FRAMING });
    }
  });
  return frames;
}

let letterSeq = 0;
export function letter(panelId: string, kind: LetterKind, text: string, over: Partial<ResolvedLetter> = {}): ResolvedLetter {
  letterSeq++;
  return {
    id: `l${letterSeq}`,
    panelId,
    kind,
    lineId: null,
    text,
    x: 0.5,
    y: 0.3,
    tail: kind === "speech" || kind === "thought" ? { x: 0.5, y: 0.8 } : null,
    rotation: 0,
    scale: 1,
    displayText: text,
    speaker: null,
    number: 0,
    ...over,
  };
}

function numbered(page: Omit<ResolvedPage, "letters">, letters: ResolvedLetter[]): ResolvedPage {
  return { ...page, letters: letters.map((l, i) => ({ ...l, number: i + 1 })) };
}

function base(trim: TrimPreset, pages: ResolvedPage[], readingDirection: "ltr" | "rtl" = "ltr"): ResolvedComic {
  const { widthPt, heightPt } = TRIM_PRESETS[trim];
  return { trim: { width: widthPt, height: heightPt }, bleed: BLEED_PT, margin: MARGIN, gutter: GUTTER, border: BORDER, readingDirection, pages };
}

/**
 * Three pages, seven panels: a full-bleed splash with a caption; a 2 × 2 grid with speech and a
 * rotated sound effect; three tiers with the last frame empty (the template has more frames than panels).
 */
export function sampleComic(trim: TrimPreset = "us-comic", readingDirection: "ltr" | "rtl" = "ltr"): ResolvedComic {
  const { widthPt: W, heightPt: H } = TRIM_PRESETS[trim];
  const splash: ResolvedFrame = { readingIndex: 0, rect: { x: 0, y: 0, width: W, height: H }, panelId: "p1", framing: DEFAULT_FRAMING };
  const rtl = readingDirection === "rtl";
  const pages: ResolvedPage[] = [
    numbered({ id: "page-1", number: 1, templateId: "splash-bleed", frames: [splash] }, [letter("p1", "caption", "Night fell on the harbour.", { x: 0.3, y: 0.1 })]),
    numbered({ id: "page-2", number: 2, templateId: "grid-4", frames: gridFrames({ width: W, height: H }, [2, 2], 1, 7, rtl) }, [
      letter("p2", "speech", "Who goes there?", { speaker: "MARA", x: 0.5, y: 0.25 }),
      letter("p3", "thought", "Not again.", { x: 0.4, y: 0.3 }),
      letter("p4", "sfx", "KRAKA-BOOM", { x: 0.5, y: 0.5, rotation: -12, tail: null }),
      letter("p5", "speech", "Run!", { x: 0.6, y: 0.2 }),
    ]),
    numbered({ id: "page-3", number: 3, templateId: "tiers-3", frames: gridFrames({ width: W, height: H }, [1, 1, 1], 5, 7, rtl) }, [
      letter("p6", "speech", "We made it to the lighthouse before the storm.", { x: 0.5, y: 0.3 }),
      letter("p7", "caption", "Later, inside.", { x: 0.2, y: 0.1 }),
    ]),
  ];
  return base(trim, pages, readingDirection);
}

/** `pageCount` pages of `perPage` frames each (rows of two), a speech balloon per panel: the bench's 24 pages and 120 panels. */
export function largeComic(pageCount: number, perPage: number): ResolvedComic {
  const { widthPt: W, heightPt: H } = TRIM_PRESETS["us-comic"];
  const cols = Array.from({ length: Math.ceil(perPage / 2) }, (_, r) => (r === Math.ceil(perPage / 2) - 1 && perPage % 2 ? 1 : 2));
  const total = pageCount * perPage;
  const pages = Array.from({ length: pageCount }, (_, i) => {
    const frames = gridFrames({ width: W, height: H }, cols, i * perPage, total);
    return numbered(
      { id: `page-${i + 1}`, number: i + 1, templateId: `grid-${perPage}`, frames },
      frames.map((f) => letter(f.panelId!, "speech", `Line of ${f.panelId}: the tide is turning.`, { x: 0.5, y: 0.25 })),
    );
  });
  return base("us-comic", pages);
}
