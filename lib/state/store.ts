"use client";
import "client-only";
import { create, type StateCreator } from "zustand";
import type { SaveStatus } from "../storage/debounced-storage";
import { createCastSlice, type CastSlice } from "./cast-slice";
import { createComicSlice, type ComicSlice } from "./comic-slice";
import { createPanelSlice, type PanelSlice } from "./panel-slice";
import { createProjectSlice, type ProjectSlice } from "./project-slice";
import { createSessionSlice, type SessionSlice } from "./session-slice";
import { createSettingsSlice, type SettingsSlice } from "./settings-slice";

export type CastboardState = CastSlice & ComicSlice & PanelSlice & ProjectSlice & SettingsSlice & SessionSlice;

/** The store's middleware, as zustand's mutator list: none yet; every slice's type follows from it. */
type Mutators = [];

/** One slice of the store, typed as zustand's slices pattern asks: it sees the whole state and adds its own part. */
export type CastboardSlice<Slice> = StateCreator<CastboardState, Mutators, [], Slice>;

/** Whether the latest change is safely in IndexedDB: its own store, so saving never triggers a save. */
export const useSaveStatus = create<SaveStatus>(() => ({ state: "saved" }));

/** The app's one store, built from typed slices; `lib/state/sync.ts` loads and saves it. */
export const useCastboard = create<CastboardState>()((...args) => ({
  ...createCastSlice(...args),
  ...createComicSlice(...args),
  ...createPanelSlice(...args),
  ...createProjectSlice(...args),
  ...createSettingsSlice(...args),
  ...createSessionSlice(...args),
}));
