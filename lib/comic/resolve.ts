import type { DialogueLine } from "../state/panel-schema";
import { BLEED_PT, DEFAULT_FRAMING, TRIM_PRESETS, type Comic, type ComicLetter, type ReadingDirection } from "./comic-schema";
import type { ResolvedComic, ResolvedFrame, ResolvedLetter, ResolvedPage } from "./comic-types";
import { flowPanels } from "./flow";
import { layoutPage } from "./page-layout";
import { templateById } from "./templates";

/** What the resolver needs of a panel: its id and its dialogue (the words of tied balloons). */
export interface ComicPanel {
  id: string;
  shot: { dialogue: readonly DialogueLine[] };
}

/** The id of the balloon a dialogue line gets before anyone letters it: stable, so it can be stored later under the same id. */
export const implicitLetterId = (lineId: string) => `line-${lineId}`;

/** Where a line's balloon points until the letterer moves its tail: down from the balloon, towards the speaker. */
const IMPLICIT_TAIL_DROP = 0.22;

/**
 * The comic as every view and export draws it (see `comic-types.ts`). Pure and linear in the size of
 * the board, so a 24-page comic resolves in well under a millisecond per page.
 */
export function resolveComic(comic: Comic, panels: readonly ComicPanel[], castNames: ReadonlyMap<string, string>): ResolvedComic {
  const { settings } = comic;
  const trim = TRIM_PRESETS[settings.trim];
  const geometry = { trim: { width: trim.widthPt, height: trim.heightPt }, margin: settings.marginPt, gutter: settings.gutterPt };
  const byId = new Map(panels.map((p) => [p.id, p]));
  const lettersByPanel = new Map<string, ComicLetter[]>();
  for (const letter of comic.letters) lettersByPanel.set(letter.panelId, [...(lettersByPanel.get(letter.panelId) ?? []), letter]);

  const { pages } = flowPanels(comic.pages, panels.map((p) => p.id));
  return {
    trim: geometry.trim,
    bleed: BLEED_PT,
    margin: settings.marginPt,
    gutter: settings.gutterPt,
    border: settings.borderPt,
    readingDirection: settings.readingDirection,
    pages: pages.map(({ page, panelIds }, index): ResolvedPage => {
      const rects = layoutPage(templateById(page.templateId), geometry, settings.readingDirection);
      const frames = rects.map(
        (rect, i): ResolvedFrame => ({ readingIndex: i, rect, panelId: panelIds[i] ?? null, framing: comic.framing[panelIds[i] ?? ""] ?? DEFAULT_FRAMING }),
      );
      const letters = frames.flatMap((frame) => {
        const panel = frame.panelId ? byId.get(frame.panelId) : undefined;
        return panel ? panelLetters(panel, lettersByPanel.get(panel.id) ?? [], castNames, settings.readingDirection) : [];
      });
      return { id: page.id, number: index + 1, templateId: page.templateId, frames, letters: letters.map((l, i) => ({ ...l, number: i + 1 })) };
    }),
  };
}

/** A panel's letters, stored and implicit, top to bottom (then in the reading direction across). */
function panelLetters(panel: ComicPanel, stored: ComicLetter[], castNames: ReadonlyMap<string, string>, direction: ReadingDirection): Omit<ResolvedLetter, "number">[] {
  const lines = new Map(panel.shot.dialogue.map((l) => [l.id, l]));
  const lettered = new Set(stored.map((l) => l.lineId).filter((id): id is string => id !== null));
  const implicit: ComicLetter[] = panel.shot.dialogue
    .filter((line) => !lettered.has(line.id) && line.text.trim() !== "")
    .map((line) => ({
      id: implicitLetterId(line.id),
      panelId: panel.id,
      kind: "speech",
      lineId: line.id,
      text: "",
      x: line.x,
      y: line.y,
      tail: { x: line.x, y: Math.min(line.y + IMPLICIT_TAIL_DROP, 1.1) },
      rotation: 0,
      scale: 1,
    }));
  const across = direction === "rtl" ? -1 : 1;
  return [...stored, ...implicit]
    .map((letter) => {
      const line = letter.lineId ? lines.get(letter.lineId) : undefined;
      const speaker = line?.speakerId ? (castNames.get(line.speakerId) ?? null) : null;
      return { ...letter, displayText: line ? line.text : letter.text, speaker: line ? speaker : null };
    })
    .sort((a, b) => a.y - b.y || across * (a.x - b.x));
}
