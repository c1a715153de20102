import bidiFactory, { type Bidi } from "bidi-js";
import { graphemes } from "./pdf-text";

/** Characters the PDF's fonts cannot draw, and right-to-left runs, for the storyboard PDF. */

export const MISSING_GLYPH = "\u25A1"; // □

/** Invisible code points: formatting marks, variation selectors, bidi controls, tags. */
const IGNORABLE = /^[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B\u200E\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]$/u;
/** Joiners matter for Arabic shaping and emoji: kept when the font has them. */
const JOINERS = /^[\u200C\u200D]$/u;

/**
 * Makes text drawable with a font: newlines normalised to "\n", tabs to spaces, control and
 * invisible formatting characters dropped, and every character (grapheme) the font has no glyph
 * for replaced with `fallback`, so CJK or rare emoji print as "□" instead of breaking the export.
 */
export function makeSanitizer(hasGlyph: (codePoint: number) => boolean, fallback = MISSING_GLYPH): (text: string) => string {
  const cache = new Map<string, string>();
  const grapheme = (g: string): string => {
    const hit = cache.get(g);
    if (hit !== undefined) return hit;
    let out = "";
    let missing = false;
    for (const ch of g) {
      const cp = ch.codePointAt(0)!;
      if (IGNORABLE.test(ch)) continue;
      if (JOINERS.test(ch)) {
        if (hasGlyph(cp)) out += ch;
        continue;
      }
      if (!hasGlyph(cp)) missing = true;
      else out += ch;
    }
    const result = missing ? fallback : out;
    if (cache.size < 10_000) cache.set(g, result);
    return result;
  };
  const asciiDrawable = [..."AZaz09 .,"].every((c) => hasGlyph(c.codePointAt(0)!));
  return (text: string) => {
    const normalised = text
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
      .replace(/\t/g, " ")
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, "");
    // Printable ASCII is always in a text font: skip segmentation for the common case.
    if (asciiDrawable && /^[\n\u0020-\u007E]*$/.test(normalised)) return normalised;
    return graphemes(normalised)
      .map((g) => (g === "\n" ? g : grapheme(g)))
      .join("");
  };
}

const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

export function hasRtl(text: string): boolean {
  return RTL_CHAR.test(text);
}

/** A directional run, its text in logical (typed) order. */
export interface BidiRun {
  text: string;
  rtl: boolean;
}

// Built on first right-to-left text: most exports never need its tables.
let bidi: Bidi | undefined;

/** Two BMP units of each strong direction class, standing in for one character outside the BMP. */
const STAND_INS: Record<string, string> = { L: "AA", R: "\u05D0\u05D0", AL: "\u0627\u0627" };

/**
 * bidi-js's levels index UTF-16 code units, and a surrogate pair on its own would read as two
 * unknown units. Each pair becomes two BMP units of its own direction class (by bidi-js's lookup
 * of the whole code point: a math bold letter stays left-to-right), keeping every index.
 */
const bmpStandIns = (text: string, types: Bidi) =>
  text.replace(/[\u{10000}-\u{10FFFF}]/gu, (ch) => STAND_INS[types.getBidiCharTypeName(ch)] ?? "\uFFFC\uFFFC");

/**
 * The Unicode Bidirectional Algorithm (bidi-js) for one line, base direction from its first
 * strong character. Returns runs in visual order (left to right); an `rtl` run's characters must
 * still be drawn reversed (font shaping does that for Arabic and Hebrew). Characters with a
 * mirrored form (brackets) are already swapped in `rtl` runs, as rule L4 asks.
 */
export function visualRuns(text: string): BidiRun[] {
  if (!hasRtl(text)) return text ? [{ text, rtl: false }] : [];
  bidi ??= bidiFactory();
  const standIn = bmpStandIns(text, bidi);
  const { levels } = bidi.getEmbeddingLevels(standIn);
  const mirrored = bidi.getMirroredCharactersMap(standIn, levels);
  // Runs of equal level in logical order; a surrogate pair always shares one level.
  const runs: { text: string; level: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = mirrored.get(i) ?? text[i]!;
    const last = runs[runs.length - 1];
    if (last && last.level === levels[i]) last.text += ch;
    else runs.push({ text: ch, level: levels[i]! });
  }
  // Rule L2 on whole runs: from the highest level down, reverse every sequence at or above it.
  const max = Math.max(...runs.map((r) => r.level));
  for (let lvl = max; lvl >= 1; lvl--) {
    for (let i = 0; i < runs.length; i++) {
      if (runs[i]!.level < lvl) continue;
      let j = i;
      while (j < runs.length && runs[j]!.level >= lvl) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs.map((r) => ({ text: r.text, rtl: r.level % 2 === 1 }));
}
