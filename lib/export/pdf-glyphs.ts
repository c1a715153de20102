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
const NUMBER_CHAR = /[0-9\u0660-\u0669\u06F0-\u06F9]/u;
const LETTER = /[\p{L}]/u;
const MARK = /[\p{M}]/u;

export function hasRtl(text: string): boolean {
  return RTL_CHAR.test(text);
}

/** A directional run, its text in logical (typed) order. */
export interface BidiRun {
  text: string;
  rtl: boolean;
}

/**
 * A simplified Unicode bidirectional algorithm for one line: the base direction comes from the
 * first strong character, Hebrew/Arabic runs read right to left, numbers stay left to right,
 * neutrals take the direction of their surroundings. Returns runs in visual order (left to
 * right); an `rtl` run's characters must still be drawn reversed (font shaping does that for
 * Arabic and Hebrew). No explicit embeddings or bracket pairing.
 */
export function visualRuns(text: string): BidiRun[] {
  if (!hasRtl(text)) return text ? [{ text, rtl: false }] : [];
  const chars = Array.from(text);
  type Cls = "L" | "R" | "EN" | "N" | "M";
  const cls: Cls[] = chars.map((c) => (RTL_CHAR.test(c) ? "R" : NUMBER_CHAR.test(c) ? "EN" : LETTER.test(c) ? "L" : MARK.test(c) ? "M" : "N"));
  const firstStrong = cls.find((c) => c === "L" || c === "R");
  const base = firstStrong === "R" ? 1 : 0;
  // Direction of each strong character or number, for the neutrals between them.
  const dirs: ("L" | "R" | null)[] = [];
  let prevStrong: "L" | "R" | null = null;
  for (const c of cls) {
    if (c === "L" || c === "R") prevStrong = c;
    dirs.push(c === "L" || c === "R" ? c : c === "EN" ? (prevStrong === "L" || (prevStrong === null && base === 0) ? "L" : "R") : null);
  }
  const levels: number[] = new Array<number>(chars.length).fill(base);
  prevStrong = null;
  for (let i = 0; i < chars.length; i++) {
    const c = cls[i]!;
    if (c === "L") levels[i] = base === 0 ? 0 : 2;
    else if (c === "R") levels[i] = 1;
    else if (c === "EN") levels[i] = prevStrong === "R" || base === 1 ? 2 : 0;
    else if (c === "M") levels[i] = i > 0 ? levels[i - 1]! : base;
    if (c === "L" || c === "R") prevStrong = c;
  }
  // Neutrals: the surrounding direction when both sides agree, else the base direction.
  for (let i = 0; i < chars.length; i++) {
    if (cls[i] !== "N") continue;
    let j = i;
    while (j < chars.length && cls[j] === "N") j++;
    let before: "L" | "R" = base ? "R" : "L";
    for (let k = i - 1; k >= 0; k--) {
      const d = dirs[k];
      if (d) {
        before = d;
        break;
      }
    }
    let after: "L" | "R" = base ? "R" : "L";
    for (let k = j; k < chars.length; k++) {
      const d = dirs[k];
      if (d) {
        after = d;
        break;
      }
    }
    const level = before === after ? (before === "R" ? 1 : base === 0 ? 0 : 2) : base;
    for (let k = i; k < j; k++) {
      levels[k] = level;
      // Marks after a neutral follow it.
      if (cls[k + 1] === "M") levels[k + 1] = level;
    }
    i = j - 1;
  }
  // Runs of equal level in logical order, then rule L2 on whole runs.
  const runs: { text: string; level: number }[] = [];
  chars.forEach((ch, i) => {
    const last = runs[runs.length - 1];
    if (last && last.level === levels[i]) last.text += ch;
    else runs.push({ text: ch, level: levels[i]! });
  });
  const max = Math.max(...runs.map((r) => r.level));
  for (let lvl = max; lvl >= 1; lvl--) {
    for (let i = 0; i < runs.length; i++) {
      if (runs[i]!.level < lvl) continue;
      let j = i;
      while (j < runs.length && runs[j]!.level >= lvl) j++;
      const reversed = runs.slice(i, j).reverse();
      runs.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return runs.map((r) => ({ text: r.text, rtl: r.level % 2 === 1 }));
}
