"use client";
import type { ComicLetter, LetterKind } from "@/lib/comic/comic-schema";
import { LetterLimitError, addLetter, removeLetter, scaleLetter, setLetterText } from "@/lib/comic/letter-edits";
import { useCastboard } from "@/lib/state/store";
import { toast } from "sonner";

/**
 * Lettering edits that reach beyond the comic: a speech balloon tied to a dialogue line shows the
 * line's words, so its words are edited, and deleted, on the panel, where the board shows them too.
 */

/** The dialogue line a letter shows, when it is tied to one that still exists. */
function tiedLine(letter: ComicLetter): string | null {
  if (!letter.lineId) return null;
  const panel = useCastboard.getState().panels.find((p) => p.id === letter.panelId);
  return panel?.shot.dialogue.some((l) => l.id === letter.lineId) ? letter.lineId : null;
}

export function setLetterWords(letter: ComicLetter, text: string): void {
  const state = useCastboard.getState();
  const lineId = tiedLine(letter);
  if (lineId) state.updateDialogue(letter.panelId, lineId, { text });
  else state.updateComic((c) => setLetterText(c, letter, text), "Edit lettering");
}

/** Deletes a letter; a tied balloon takes its dialogue line with it (else the line's balloon would come back). */
export function deleteLetter(letter: ComicLetter): void {
  const state = useCastboard.getState();
  const lineId = tiedLine(letter);
  state.updateComic((c) => removeLetter(c, letter.id), "Delete lettering");
  if (lineId) state.removeDialogue(letter.panelId, lineId);
}

export function resizeLetter(letter: ComicLetter, scale: number): void {
  useCastboard.getState().updateComic((c) => scaleLetter(c, letter, scale), "Resize lettering", `scale:${letter.id}`);
}

/** Adds a letter of `kind` to a panel and returns its id, or null (with a message) when the comic is full. */
export function addLetterTo(panelId: string, kind: LetterKind): string | null {
  const id = crypto.randomUUID();
  try {
    useCastboard.getState().updateComic((c) => addLetter(c, panelId, kind, id), "Add lettering");
    return id;
  } catch (error) {
    if (error instanceof LetterLimitError) {
      toast.error(error.message);
      return null;
    }
    throw error;
  }
}
