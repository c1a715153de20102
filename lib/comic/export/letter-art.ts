import type { ResolvedComic, ResolvedPage } from "../comic-types";
import { layoutLetter, type LetterMeasure, type LetterShape } from "../letter-layout";

/**
 * Every letter of a page laid out as the Pages view lays it out (`layoutLetter`), in reading
 * order, for the exports to draw: the PDF with the embedded fonts' metrics, the canvases with the
 * loaded faces'. Letters whose panel has no frame on the page, or with no words, are left out.
 */
export function pageLetterArt(page: ResolvedPage, comic: Pick<ResolvedComic, "trim">, measure: LetterMeasure): LetterShape[] {
  const frames = new Map(page.frames.filter((f) => f.panelId).map((f) => [f.panelId!, f.rect]));
  const out: LetterShape[] = [];
  for (const letter of page.letters) {
    const frame = frames.get(letter.panelId);
    if (frame && letter.displayText.trim()) out.push(layoutLetter(letter, frame, comic.trim, measure));
  }
  return out;
}
