import { readFileSync } from "node:fs";
import path from "node:path";
import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { PAGE } from "@/lib/export/pdf-layout";
import { buildStoryboardPdf, PDF_PER_PAGE_CHOICES, type PdfLayoutOptions } from "@/lib/export/pdf";
import { ExportCancelled, type ExportPanel, type ExportProgress } from "@/lib/export/types";
import { SHOT_LIMITS } from "@/lib/state/panel-schema";

const FONT_DIR = path.resolve(import.meta.dirname, "../../node_modules/dejavu-fonts-ttf/ttf");
const fonts = {
  regular: new Uint8Array(readFileSync(path.join(FONT_DIR, "DejaVuSans.ttf"))),
  bold: new Uint8Array(readFileSync(path.join(FONT_DIR, "DejaVuSans-Bold.ttf"))),
};
const TITLE = "The Lighthouse — Storyboard";

type Image = NonNullable<ExportPanel["image"]>;

async function makeImage(width: number, height: number, format: "png" | "jpeg" | "webp", hue: number): Promise<Image> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="hsl(${hue},55%,55%)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="white"/></svg>`;
  const bytes = new Uint8Array(await sharp(Buffer.from(svg))[format]().toBuffer());
  return { bytes, type: `image/${format}`, width, height };
}

/** Unique tokens separated by spaces (and the odd line break), cut to exactly `length` characters. */
function filler(prefix: string, length: number, options: { newlineEvery?: number; longWord?: string } = {}): string {
  let out = "";
  for (let i = 0; out.length < length; i++) {
    if (options.longWord && i === 40) out += `${options.longWord} `;
    out += `${prefix}${String(i).padStart(4, "0")}`;
    out += options.newlineEvery && i % options.newlineEvery === options.newlineEvery - 1 ? (i % 3 ? "\n" : "\n\n") : " ";
  }
  return out.slice(0, length).trimEnd();
}

const LONG_WORD = `Unbroken${"abcdefghijklmnopqrstuvwxyz0123456789".repeat(8)}End`;
const CAPTION_2000 = filler("cap", SHOT_LIMITS.caption, { longWord: LONG_WORD });
const NOTES_4000 = filler("note", SHOT_LIMITS.notes, { newlineEvery: 17 });
const DIALOGUE_12 = Array.from({ length: SHOT_LIMITS.lines }, (_, k) => ({ speaker: k % 2 ? "Ines" : "Mara", text: filler(`d${k}w`, SHOT_LIMITS.line) }));
const NON_LATIN = {
  caption: "Привет, мир\nΓειά σου\nשלום\nمرحبا",
  dialogue: [{ speaker: "Ирина", text: "Γειά σου, κόσμε — ещё раз" }],
  notes: "Заметки: съёмка ночью, ёлка.",
};

let images: Image[] = [];
let webp: Image;

beforeAll(async () => {
  images = await Promise.all([makeImage(160, 90, "jpeg", 10), makeImage(160, 90, "png", 120), makeImage(90, 160, "png", 220), makeImage(120, 120, "jpeg", 300)]);
  webp = await makeImage(160, 90, "webp", 40);
});

function panel(n: number, over: Partial<ExportPanel> = {}): ExportPanel {
  return {
    number: n,
    aspect: 16 / 9,
    image: images[n % images.length]!,
    balloons: [
      { speaker: "Mara", text: `Balloon line of shot ${n}, over the image.`, x: 0.3, y: 0.25 },
      { speaker: null, text: "Hm.", x: 0.8, y: 0.9 },
    ],
    shotSize: n % 2 ? "medium-close-up" : "wide",
    angle: "eye-level",
    durationSec: 2.5,
    caption: `Caption of shot ${n}.`,
    notes: n % 3 ? "" : `Notes of shot ${n}.`,
    dialogue: [{ speaker: "Mara", text: `Line of shot ${n}.` }],
    ...over,
  };
}

/** 13 panels: one with every field at its limit, one in four scripts, a portrait frame, a square one, one without an image. */
function longBoard(): ExportPanel[] {
  return Array.from({ length: 13 }, (_, i) => {
    const n = i + 1;
    if (n === 1) return panel(n, { caption: CAPTION_2000, notes: NOTES_4000, dialogue: DIALOGUE_12 });
    if (n === 2) return panel(n, { ...NON_LATIN, balloons: [{ speaker: "Ирина", text: "Γειά σου, κόσμε", x: 0.5, y: 0.5 }] });
    if (n === 3) return panel(n, { image: null });
    if (n === 5) return panel(n, { aspect: 9 / 16, image: images[2]!, caption: filler("five", 900) });
    if (n === 8) return panel(n, { aspect: 1, image: images[3]!, notes: filler("eight", 1500, { newlineEvery: 9 }) });
    return panel(n);
  });
}

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Page {
  width: number;
  height: number;
  items: Item[];
  images: number;
}

async function readPdf(bytes: Uint8Array): Promise<{ pages: Page[]; info: Record<string, unknown> }> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  try {
    const pages: Page[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [, , width, height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const it of content.items) {
        if (!("str" in it)) continue;
        items.push({ str: it.str, x: it.transform[4] as number, y: it.transform[5] as number, width: it.width, height: it.height });
      }
      const ops = await page.getOperatorList();
      pages.push({ width, height, items, images: ops.fnArray.filter((op) => op === OPS.paintImageXObject).length });
    }
    const meta = await doc.getMetadata();
    return { pages, info: meta.info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}

const squash = (s: string) => s.replace(/\s+/g, "");

/**
 * Whether `expected` is drawn complete and in order: some run of text items, in drawing order,
 * spells it out exactly (whitespace aside), skipping only items that belong to something else
 * (page header and footer, other panels, "continued" markers). Balloons repeat dialogue, so
 * every possible start is tried.
 */
function drawnInOrder(pages: Page[], expected: string): boolean {
  const items = pages.flatMap((p) => p.items.map((it) => squash(it.str))).filter(Boolean);
  const want = squash(expected);
  for (let start = 0; start < items.length; start++) {
    if (!want.startsWith(items[start]!)) continue;
    let pos = items[start]!.length;
    for (let i = start + 1; i < items.length && pos < want.length; i++) {
      if (want.startsWith(items[i]!, pos)) pos += items[i]!.length;
    }
    if (pos === want.length) return true;
  }
  return false;
}

function expectAllTextInside(pages: Page[]) {
  pages.forEach((page, p) => {
    const footerTop = PAGE.margin + PAGE.footerHeight;
    for (const it of page.items) {
      if (!it.str.trim()) continue;
      const where = `page ${p + 1}: ${JSON.stringify(it.str.slice(0, 40))} at ${it.x.toFixed(1)},${it.y.toFixed(1)}`;
      // Inside the page box, and inside the margins.
      expect(it.x, where).toBeGreaterThanOrEqual(PAGE.margin - 0.5);
      expect(it.x + it.width, where).toBeLessThanOrEqual(page.width - PAGE.margin + 0.5);
      expect(it.y, where).toBeGreaterThanOrEqual(0);
      expect(it.y + it.height, where).toBeLessThanOrEqual(page.height - PAGE.margin + 0.5);
      if (/^Page \d+ of \d+$/.test(it.str)) {
        expect(it.y, where).toBeGreaterThanOrEqual(PAGE.margin);
        expect(it.y + it.height, where).toBeLessThanOrEqual(footerTop);
      } else {
        // Descenders included (DejaVu: 0.24 em), clear of the footer band.
        expect(it.y - 0.24 * it.height, where).toBeGreaterThanOrEqual(footerTop);
      }
    }
  });
}

function pageText(page: Page): string {
  return page.items.map((it) => it.str).join("\n");
}

const LAYOUTS: PdfLayoutOptions[] = [
  { paper: "a4", orientation: "landscape", perPage: 6 },
  { paper: "a4", orientation: "portrait", perPage: 9 },
  { paper: "letter", orientation: "portrait", perPage: 3 },
  { paper: "letter", orientation: "landscape", perPage: 4 },
  { paper: "a4", orientation: "portrait", perPage: 1 },
  { paper: "letter", orientation: "landscape", perPage: 2 },
];

describe("storyboard PDF export", () => {
  it("offers every per-page choice in the layouts tested", () => {
    expect(new Set(LAYOUTS.map((l) => l.perPage))).toEqual(new Set(PDF_PER_PAGE_CHOICES));
  });

  it("puts 13 short panels on 3 pages at 6 per page, with title, footer, metadata and images", async () => {
    const panels = Array.from({ length: 13 }, (_, i) => panel(i + 1));
    const { pages, info } = await readPdf(await buildStoryboardPdf({ title: TITLE, panels, layout: LAYOUTS[0]!, fonts }));
    expect(pages).toHaveLength(3);
    expect(info.Title).toBe(TITLE);
    expect(info.Creator).toBe("Castboard");
    pages.forEach((page, i) => {
      const text = pageText(page);
      expect(text).toContain(TITLE);
      expect(text).toContain(`Page ${i + 1} of 3`);
    });
    expect(pages.map((p) => p.images)).toEqual([6, 6, 1]);
    for (const p of panels) {
      expect(drawnInOrder(pages, `Shot ${p.number}`)).toBe(true);
      expect(drawnInOrder(pages, p.caption)).toBe(true);
      expect(drawnInOrder(pages, `Mara: Line of shot ${p.number}.`)).toBe(true);
      if (p.notes) expect(drawnInOrder(pages, `Notes ${p.notes}`)).toBe(true);
    }
    expect(pageText(pages[0]!)).toContain("Medium close-up · Eye level · 2.5s");
    expect(pageText(pages[0]!)).not.toContain("continued");
    expectAllTextInside(pages);
  });

  describe.each(LAYOUTS)("$paper $orientation, $perPage per page", (layout) => {
    it("prints every caption, dialogue line and note in full, inside the page and clear of the footer", async () => {
      const panels = longBoard();
      const bytes = await buildStoryboardPdf({ title: TITLE, panels, layout, fonts });
      const { pages } = await readPdf(bytes);
      const gridPages = Math.ceil(panels.length / layout.perPage);
      // Shot 1 alone cannot fit in a cell: its text continues on pages of its own.
      expect(pages.length).toBeGreaterThan(gridPages);
      const size = layout.paper === "a4" ? [595.28, 841.89] : [612, 792];
      const [w, h] = layout.orientation === "portrait" ? size : [...size].reverse();
      pages.forEach((page, i) => {
        expect(page.width).toBeCloseTo(w!, 1);
        expect(page.height).toBeCloseTo(h!, 1);
        const text = pageText(page);
        expect(text).toContain(TITLE);
        expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
      });
      const all = pages.map(pageText).join("\n");
      expect(all).toContain("Shot 1 (continued)");
      expect(all).toMatch(/Continued on page \d+ →/);

      for (const p of panels) {
        expect(drawnInOrder(pages, p.caption), `caption of shot ${p.number}`).toBe(true);
        for (const line of p.dialogue) expect(drawnInOrder(pages, `${line.speaker}: ${line.text}`), `dialogue of shot ${p.number}`).toBe(true);
        if (p.notes) expect(drawnInOrder(pages, p.notes), `notes of shot ${p.number}`).toBe(true);
      }
      // The over-long word (checked complete with the caption above) was broken across lines.
      const firstChunk = pages.flatMap((p) => p.items).find((it) => it.str.startsWith("Unbroken"));
      expect(firstChunk && firstChunk.str.length < LONG_WORD.length).toBe(true);
      // Non-Latin scripts come out as text (not boxes), right-to-left included.
      for (const s of ["Привет, мир", "Γειά σου", "שלום", "مرحبا", "Ирина:", "Заметки: съёмка ночью, ёлка."]) expect(all).toContain(s);
      expect(all).not.toContain("□");
      expectAllTextInside(pages);
    });
  });

  it("replaces characters the font lacks (CJK) instead of failing", async () => {
    const panels = [
      panel(1, { caption: "Tokyo 東京 — 你好，世界 — 안녕하세요 end", dialogue: [{ speaker: "健", text: "こんにちは!" }], balloons: [{ speaker: "健", text: "こんにちは!", x: 0.5, y: 0.5 }] }),
    ];
    const { pages } = await readPdf(await buildStoryboardPdf({ title: "東京 storyboard", panels, layout: { paper: "a4", orientation: "portrait", perPage: 4 }, fonts }));
    const all = pages.map(pageText).join("\n");
    expect(all).toContain("Tokyo □□ — □□□□□ — □□□□□ end");
    expect(all).toContain("□□□□□!");
    expect(all).toContain("□□ storyboard");
    expectAllTextInside(pages);
  });

  it("draws a Hebrew caption with Latin and a number in visual order, so a reader's bidi gives back the typed text", async () => {
    const caption = "אני אוהב Castboard 2.0!";
    const panels = [panel(1, { caption, balloons: [] })];
    const { pages } = await readPdf(await buildStoryboardPdf({ title: "RTL", panels, layout: { paper: "a4", orientation: "portrait", perPage: 4 }, fonts }));
    // pdf.js turns a right-to-left line it extracts back into logical order (tests/unit/pdf-bidi.test.ts checks the visual order itself).
    expect(pages.map(pageText).join("\n")).toContain(caption);
    expectAllTextInside(pages);
  });

  it("draws a placeholder for a missing image, a WebP and unreadable bytes", async () => {
    const panels = [
      panel(1, { image: null }),
      panel(2, { image: webp }),
      panel(3, { image: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2]), type: "image/jpeg", width: 10, height: 10 } }),
      panel(4),
    ];
    const { pages } = await readPdf(await buildStoryboardPdf({ title: TITLE, panels, layout: { paper: "letter", orientation: "portrait", perPage: 4 }, fonts }));
    const all = pages.map(pageText).join("\n");
    expect(pages).toHaveLength(1);
    expect(pages[0]!.images).toBe(1);
    expect(all).toContain("No image yet");
    expect(drawnInOrder(pages, "WebP image not embedded (convert to PNG or JPEG)")).toBe(true);
    expect(drawnInOrder(pages, "Image could not be embedded")).toBe(true);
  });

  it("reports progress per panel and stops with ExportCancelled when aborted", async () => {
    const panels = Array.from({ length: 13 }, (_, i) => panel(i + 1));
    const seen: ExportProgress[] = [];
    await buildStoryboardPdf({ title: TITLE, panels, layout: LAYOUTS[0]!, fonts }, { onProgress: (p) => seen.push(p) });
    expect(seen[0]).toEqual({ done: 0, total: 13 });
    expect(seen[seen.length - 1]).toEqual({ done: 13, total: 13 });
    expect(seen.map((p) => p.done)).toEqual(Array.from({ length: 14 }, (_, i) => i));

    const controller = new AbortController();
    const progress: number[] = [];
    const run = buildStoryboardPdf(
      { title: TITLE, panels, layout: LAYOUTS[0]!, fonts },
      {
        signal: controller.signal,
        onProgress: ({ done }) => {
          progress.push(done);
          if (done === 4) controller.abort();
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(progress.at(-1)).toBeLessThan(13);

    const aborted = new AbortController();
    aborted.abort();
    await expect(buildStoryboardPdf({ title: TITLE, panels, layout: LAYOUTS[0]!, fonts }, { signal: aborted.signal })).rejects.toBeInstanceOf(ExportCancelled);
  });

  it("exports an empty board as one titled page", async () => {
    const { pages } = await readPdf(await buildStoryboardPdf({ title: "", panels: [], layout: LAYOUTS[0]!, fonts }));
    expect(pages).toHaveLength(1);
    expect(pageText(pages[0]!)).toContain("Untitled storyboard");
    expect(pageText(pages[0]!)).toContain("Page 1 of 1");
  });
});
