import { balloonPath, layoutBalloon } from "@/lib/board/balloon-layout";
import { LETTER_FONT } from "../comic-fonts";
import type { ResolvedComic, ResolvedFrame, ResolvedLetter, ResolvedPage } from "../comic-types";

/**
 * What every comic export draws for a piece of lettering, in page points (trim coordinates):
 * an outline (SVG path, drawn filled white and stroked, or not at all for sound effects) and rows
 * of text centred on (x, y) in a font named by key. The PDF embeds those fonts and writes the rows
 * as real text; the rasteriser draws the same shapes on a canvas.
 *
 * Interim: until the comic letter layout lands, letters are laid out with the board's balloon
 * layout over their frame, in the kind's comic face (`LETTER_FONT`). This is the one place to change.
 */
export interface LetterRow {
  text: string;
  x: number;
  y: number;
  size: number;
  font: string;
}

export interface LetterArt {
  letterId: string;
  panelId: string;
  /** Null for lettering without a shape (sound effects). */
  outline: string | null;
  strokeWidth: number;
  rows: LetterRow[];
  /** Degrees clockwise about (cx, cy). */
  rotation: number;
  cx: number;
  cy: number;
}

/** Width of `text` at `size` in the font `font`, in points. */
export type FontMeasure = (text: string, size: number, font: string) => number;

function layoutOne(letter: ResolvedLetter, frame: ResolvedFrame, measure: FontMeasure): LetterArt {
  const { rect } = frame;
  const font = LETTER_FONT[letter.kind];
  const box = layoutBalloon(
    { text: letter.displayText, speaker: letter.kind === "speech" ? letter.speaker : null, x: letter.x, y: letter.y },
    { width: rect.width, height: rect.height },
    (text, size) => measure(text, size, font),
  );
  const scaled = box.rows.map((row) => ({ text: row.text, x: rect.x + row.x, y: rect.y + row.y, size: row.fontSize * letter.scale, font }));
  const cx = rect.x + box.left + box.width / 2;
  const cy = rect.y + box.top + box.height / 2;
  // Re-centre scaled rows on the balloon's centre; the outline scales about it too.
  const rows = scaled.map((row) => ({ ...row, x: cx + (row.x - cx) * letter.scale, y: cy + (row.y - cy) * letter.scale }));
  const outline = letter.kind === "sfx" ? null : translatePath(balloonPath(box), rect.x, rect.y, letter.scale, cx, cy);
  return { letterId: letter.id, panelId: letter.panelId, outline, strokeWidth: Math.max(0.5, box.fontSize * 0.07), rows, rotation: letter.rotation, cx, cy };
}

/** Moves an absolute SVG path (M, L, A, Z only, as `balloonPath` writes) by (dx, dy), scaled by `k` about (cx, cy). */
function translatePath(d: string, dx: number, dy: number, k: number, cx: number, cy: number): string {
  const tokens = d.trim().split(/\s+/);
  const out: string[] = [];
  const px = (v: number) => String(Math.round((cx + (v + dx - cx) * k) * 100) / 100);
  const py = (v: number) => String(Math.round((cy + (v + dy - cy) * k) * 100) / 100);
  for (let i = 0; i < tokens.length; ) {
    const cmd = tokens[i++]!;
    out.push(cmd);
    if (cmd === "M" || cmd === "L") out.push(px(Number(tokens[i++])), py(Number(tokens[i++])));
    else if (cmd === "A") {
      const [rx, ry, rot, large, sweep, x, y] = tokens.slice(i, i + 7).map(Number) as [number, number, number, number, number, number, number];
      i += 7;
      out.push(String(rx * k), String(ry * k), String(rot), String(large), String(sweep), px(x), py(y));
    }
  }
  return out.join(" ");
}

/** Every letter of a page, laid out in reading order. */
export function pageLetterArt(page: ResolvedPage, _comic: ResolvedComic, measure: FontMeasure): LetterArt[] {
  const frames = new Map(page.frames.filter((f) => f.panelId).map((f) => [f.panelId!, f]));
  const out: LetterArt[] = [];
  for (const letter of page.letters) {
    const frame = frames.get(letter.panelId);
    if (frame && letter.displayText.trim()) out.push(layoutOne(letter, frame, measure));
  }
  return out;
}
