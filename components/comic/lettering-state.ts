"use client";
import { create } from "zustand";
import type { ResolvedLetter } from "@/lib/comic/comic-types";

/**
 * What the lettering tools share across pages while the Pages view is open: the selected letter,
 * the one whose words are being typed, whether balloon numbers show, and which letters overflow
 * (each page's layer reports its own). Not saved: none of it is part of the comic.
 */
interface LetteringState {
  selectedId: string | null;
  /** The selected letter as drawn (kept current by the layer that draws it), for the toolbar. */
  letter: ResolvedLetter | null;
  /** The panel of the selected letter, where the toolbar adds new ones when no frame is selected. */
  panelId: string | null;
  editingId: string | null;
  showNumbers: boolean;
  /** Per page id, the letters whose text does not fit even the largest balloon. */
  overflow: Record<string, { id: string; panelId: string; number: number }[]>;
  select(id: string | null, panelId?: string | null): void;
  showSelected(letter: ResolvedLetter): void;
  edit(id: string | null): void;
  setShowNumbers(on: boolean): void;
  reportOverflow(pageId: string, letters: { id: string; panelId: string; number: number }[]): void;
}

export const useLettering = create<LetteringState>()((set) => ({
  selectedId: null,
  letter: null,
  panelId: null,
  editingId: null,
  showNumbers: false,
  overflow: {},
  select: (id, panelId) =>
    set((s) => ({
      selectedId: id,
      letter: id && s.letter?.id === id ? s.letter : null,
      panelId: panelId === undefined ? s.panelId : panelId,
      editingId: id && s.editingId === id ? id : null,
    })),
  showSelected: (letter) => set((s) => (s.selectedId === letter.id && s.letter !== letter ? { letter } : s)),
  edit: (id) => set((s) => ({ editingId: id, selectedId: id ?? s.selectedId })),
  setShowNumbers: (on) => set({ showNumbers: on }),
  reportOverflow: (pageId, letters) =>
    set((s) => {
      const before = s.overflow[pageId] ?? [];
      if (before.length === letters.length && before.every((l, i) => l.id === letters[i]!.id)) return s;
      const overflow = { ...s.overflow };
      if (letters.length) overflow[pageId] = letters;
      else delete overflow[pageId];
      return { overflow };
    }),
}));
