import { COMIC_LIMITS, type Comic, type ComicLetter, type LetterKind } from "./comic-schema";

/**
 * Lettering edits as pure functions of the comic, for the store's `updateComic(recipe)`. Each takes
 * the letter as drawn (a resolved letter is fine): a speech balloon that so far only follows from a
 * dialogue line has no record yet, and gets one, under the same id, on its first edit.
 */

type Point = { x: number; y: number };

const SCHEMA_MIN = -1;
const SCHEMA_MAX = 2;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Four decimals of a frame: far below a printed point, and a small saved document. */
const frac = (v: number) => Math.round(clamp(v, SCHEMA_MIN, SCHEMA_MAX) * 10_000) / 10_000;

/** The stored fields of a letter, without what resolving added. */
function record(letter: ComicLetter): ComicLetter {
  const { id, panelId, kind, lineId, text, x, y, tail, rotation, scale } = letter;
  return { id, panelId, kind, lineId, text, x, y, tail, rotation, scale };
}

/** The comic with `letter` stored as a record (a no-op when it already is). */
export function materialiseLetter(comic: Comic, letter: ComicLetter): Comic {
  if (comic.letters.some((l) => l.id === letter.id)) return comic;
  return { ...comic, letters: [...comic.letters, record(letter)] };
}

const same = (a: ComicLetter, b: ComicLetter) =>
  (Object.keys(a) as (keyof ComicLetter)[]).every((k) => a[k] === b[k] || (k === "tail" && a.tail?.x === b.tail?.x && a.tail?.y === b.tail?.y));

function change(comic: Comic, letter: ComicLetter, edit: (stored: ComicLetter) => ComicLetter): Comic {
  const withRecord = materialiseLetter(comic, letter);
  let changed = false;
  const letters = withRecord.letters.map((l) => {
    if (l.id !== letter.id) return l;
    const next = edit(l);
    changed = !same(next, l);
    return changed ? next : l;
  });
  return changed || withRecord !== comic ? { ...withRecord, letters } : comic;
}

/** Where a new letter of each kind goes in its panel, and what it starts as. */
const NEW_LETTER: Record<LetterKind, { x: number; y: number; tail: Point | null; rotation: number; text: string }> = {
  speech: { x: 0.3, y: 0.2, tail: { x: 0.4, y: 0.55 }, rotation: 0, text: "" },
  thought: { x: 0.7, y: 0.2, tail: { x: 0.6, y: 0.55 }, rotation: 0, text: "" },
  caption: { x: 0.22, y: 0.08, tail: null, rotation: 0, text: "" },
  sfx: { x: 0.5, y: 0.6, tail: null, rotation: -8, text: "BOOM!" },
};

export class LetterLimitError extends Error {}

/** A new letter in `panelId`, with `id` (the caller's, so it can select it). */
export function addLetter(comic: Comic, panelId: string, kind: LetterKind, id: string, text?: string): Comic {
  if (comic.letters.length >= COMIC_LIMITS.letters) {
    throw new LetterLimitError(`A comic holds at most ${COMIC_LIMITS.letters} letters. Delete some before adding more.`);
  }
  const start = NEW_LETTER[kind];
  const letter: ComicLetter = {
    id,
    panelId,
    kind,
    lineId: null,
    text: (text ?? start.text).slice(0, COMIC_LIMITS.letterText),
    x: start.x,
    y: start.y,
    tail: start.tail,
    rotation: start.rotation,
    scale: 1,
  };
  return { ...comic, letters: [...comic.letters, letter] };
}

/** Moves the letter's centre to (x, y), fractions of its frame; the tail's tip stays where it points. */
export function moveLetter(comic: Comic, letter: ComicLetter, x: number, y: number): Comic {
  return change(comic, letter, (l) => ({ ...l, x: frac(x), y: frac(y) }));
}

/** Points the tail at (x, y) of the frame, or removes it (null). */
export function pointTail(comic: Comic, letter: ComicLetter, tip: Point | null): Comic {
  return change(comic, letter, (l) => ({ ...l, tail: tip ? { x: frac(tip.x), y: frac(tip.y) } : null }));
}

/** The words of a letter that is not tied to a dialogue line (a tied one's words are the line's). */
export function setLetterText(comic: Comic, letter: ComicLetter, text: string): Comic {
  return change(comic, letter, (l) => ({ ...l, text: text.slice(0, COMIC_LIMITS.letterText) }));
}

/** Turns the letter to `degrees` clockwise, wrapped into -180..180. */
export function rotateLetter(comic: Comic, letter: ComicLetter, degrees: number): Comic {
  const wrapped = ((((Math.round(degrees) + 180) % 360) + 360) % 360) - 180;
  return change(comic, letter, (l) => ({ ...l, rotation: wrapped }));
}

export const LETTER_SCALE = { min: 0.5, max: 4 } as const;

export function scaleLetter(comic: Comic, letter: ComicLetter, scale: number): Comic {
  return change(comic, letter, (l) => ({ ...l, scale: Math.round(clamp(scale, LETTER_SCALE.min, LETTER_SCALE.max) * 100) / 100 }));
}

export function removeLetter(comic: Comic, letterId: string): Comic {
  return comic.letters.some((l) => l.id === letterId) ? { ...comic, letters: comic.letters.filter((l) => l.id !== letterId) } : comic;
}
