import { describe, expect, it } from "vitest";
import { COMIC_LIMITS, ComicSchema, DEFAULT_COMIC, type Comic, type ComicLetter } from "@/lib/comic/comic-schema";
import type { ResolvedLetter } from "@/lib/comic/comic-types";
import {
  LetterLimitError,
  addLetter,
  materialiseLetter,
  moveLetter,
  pointTail,
  removeLetter,
  rotateLetter,
  scaleLetter,
  setLetterText,
} from "@/lib/comic/letter-edits";

/** A dialogue line's balloon before anyone has lettered it: drawn, but not stored. */
const implicit: ResolvedLetter = {
  id: "line-l1",
  panelId: "p1",
  kind: "speech",
  lineId: "l1",
  text: "",
  x: 0.3,
  y: 0.2,
  tail: { x: 0.3, y: 0.42 },
  rotation: 0,
  scale: 1,
  displayText: "Who's there?",
  speaker: "Mara",
  number: 1,
};
const valid = (comic: Comic) => expect(ComicSchema.safeParse(comic).success).toBe(true);

describe("lettering edits", () => {
  it("stores a dialogue line's balloon on its first edit, under the same id, without the resolved fields", () => {
    const moved = moveLetter(DEFAULT_COMIC, implicit, 0.61234567, 0.5);
    expect(moved.letters).toEqual([{ id: "line-l1", panelId: "p1", kind: "speech", lineId: "l1", text: "", x: 0.6123, y: 0.5, tail: { x: 0.3, y: 0.42 }, rotation: 0, scale: 1 }]);
    valid(moved);
    // A second edit changes the record in place.
    const again = pointTail(moved, { ...implicit, x: 0.6123, y: 0.5 }, { x: 0.9, y: 1.3 });
    expect(again.letters).toHaveLength(1);
    expect(again.letters[0]).toMatchObject({ x: 0.6123, y: 0.5, tail: { x: 0.9, y: 1.3 } });
    expect(materialiseLetter(again, implicit)).toBe(again);
    expect(DEFAULT_COMIC.letters).toEqual([]);
  });

  it("returns the same comic when nothing changes, so no empty undo step is made", () => {
    const stored = materialiseLetter(DEFAULT_COMIC, implicit);
    const letter = stored.letters[0]!;
    expect(moveLetter(stored, letter, letter.x, letter.y)).toBe(stored);
    expect(pointTail(stored, letter, { ...letter.tail! })).toBe(stored);
    expect(removeLetter(stored, "nope")).toBe(stored);
  });

  it("adds each kind where it reads well, with a sound effect already tilted", () => {
    let comic = DEFAULT_COMIC;
    for (const kind of ["speech", "thought", "caption", "sfx"] as const) comic = addLetter(comic, "p2", kind, `new-${kind}`);
    valid(comic);
    const byKind = Object.fromEntries(comic.letters.map((l) => [l.kind, l])) as Record<string, ComicLetter>;
    expect(byKind.speech!.tail).not.toBeNull();
    expect(byKind.caption!.tail).toBeNull();
    expect(byKind.sfx!.text).toBe("BOOM!");
    expect(byKind.sfx!.rotation).not.toBe(0);
    expect(comic.letters.every((l) => l.panelId === "p2" && l.lineId === null)).toBe(true);
  });

  it("keeps every value inside what the saved document accepts", () => {
    let comic = addLetter(DEFAULT_COMIC, "p1", "sfx", "s");
    const letter = comic.letters[0]!;
    comic = moveLetter(comic, letter, -7, 9);
    comic = pointTail(comic, letter, { x: 5, y: -5 });
    comic = rotateLetter(comic, letter, 190.4);
    comic = scaleLetter(comic, letter, 9);
    comic = setLetterText(comic, letter, "A".repeat(COMIC_LIMITS.letterText + 50));
    valid(comic);
    expect(comic.letters[0]).toMatchObject({ x: -1, y: 2, tail: { x: 2, y: -1 }, rotation: -170, scale: 4 });
    expect(comic.letters[0]!.text).toHaveLength(COMIC_LIMITS.letterText);
    expect(rotateLetter(comic, letter, -181).letters[0]!.rotation).toBe(179);
    expect(pointTail(comic, letter, null).letters[0]!.tail).toBeNull();
  });

  it("removes a letter, and refuses one past the limit with a message saying what to do", () => {
    const comic = addLetter(DEFAULT_COMIC, "p1", "caption", "c");
    expect(removeLetter(comic, "c").letters).toEqual([]);
    const full: Comic = { ...DEFAULT_COMIC, letters: Array.from({ length: COMIC_LIMITS.letters }, (_, i) => ({ ...comic.letters[0]!, id: `c${i}` })) };
    expect(() => addLetter(full, "p1", "speech", "x")).toThrow(LetterLimitError);
    expect(() => addLetter(full, "p1", "speech", "x")).toThrow(/at most 4000 letters\. Delete some/);
  });
});
