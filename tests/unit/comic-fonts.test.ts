import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fontkit from "@pdf-lib/fontkit";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { PDFDocument } from "pdf-lib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { COMIC_FONTS, LETTER_FONT, comicFontBytes, cssFontFamily, type ComicFontKey } from "@/lib/comic/comic-fonts";
import { readComicFont } from "../support/comic-fonts";

const KEYS = Object.keys(COMIC_FONTS) as ComicFontKey[];

afterEach(() => vi.unstubAllGlobals());

describe("comic lettering fonts", () => {
  it.each(KEYS)("%s: the bundled file is the named TrueType face, with the metrics the layout uses", (key) => {
    const spec = COMIC_FONTS[key];
    const font = fontkit.create(readComicFont(key));
    expect(font.familyName).toBe(spec.family);
    // Layout places baselines from these: a different file would put text off-centre in its balloon.
    expect(font.ascent / font.unitsPerEm).toBeCloseTo(spec.ascent, 3);
    expect(-font.descent / font.unitsPerEm).toBeCloseTo(spec.descent, 3);
    expect(font.capHeight / font.unitsPerEm).toBeCloseTo(spec.capHeight, 3);
    for (const ch of "AZaz09!?…—’éß") expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!)).toBe(true);
  });

  it("embeds both faces as subsets in a PDF whose text reads back", async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const page = doc.addPage([477, 738]);
    for (const [i, key] of KEYS.entries()) {
      const font = await doc.embedFont(readComicFont(key), { subset: true });
      page.drawText(key === "display" ? "KRAKA-BOOM!" : "Where is everyone?", { x: 40, y: 600 - i * 60, size: 24, font });
    }
    const bytes = await doc.save();
    // Subsetting keeps the file small: far below the two full faces (145 KB together).
    expect(bytes.length).toBeLessThan(40_000);

    const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
    try {
      const read = await pdf.getPage(1);
      const text = (await read.getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join("|");
      expect(text).toContain("Where is everyone?");
      expect(text).toContain("KRAKA-BOOM!");
      const fonts = Object.values((await read.getTextContent()).styles).map((s) => s.fontFamily);
      expect(fonts.length).toBe(2);
    } finally {
      await pdf.destroy();
    }
  });

  it("loads each face's bytes from the bundled asset address, once, and retries after a failure", async () => {
    const fetched: string[] = [];
    let fail = true;
    vi.stubGlobal("fetch", async (url: URL) => {
      fetched.push(url.href);
      if (key(url) === "display" && fail) {
        fail = false;
        return new Response("gone", { status: 404 });
      }
      return new Response(readFileSync(fileURLToPath(url)));
    });
    const key = (url: URL) => (url.href.includes("bangers") ? "display" : "dialogue");

    await expect(comicFontBytes("display")).rejects.toThrow(/Bangers lettering font could not be loaded \(HTTP 404\)/);
    const [display, dialogue, again] = await Promise.all([comicFontBytes("display"), comicFontBytes("dialogue"), comicFontBytes("dialogue")]);
    expect(display).toEqual(readComicFont("display"));
    expect(dialogue).toEqual(readComicFont("dialogue"));
    expect(again).toBe(dialogue);
    expect(fetched.filter((u) => u.includes("ComicNeue"))).toHaveLength(1);
  });

  it("sets dialogue, thoughts and captions in Comic Neue and sound effects in Bangers, with fallbacks", () => {
    expect(LETTER_FONT).toEqual({ speech: "dialogue", thought: "dialogue", caption: "dialogue", sfx: "display" });
    expect(cssFontFamily("display")).toMatch(/^var\(--font-comic-display\), /);
  });
});
