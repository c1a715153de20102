"use client";
import "client-only";
import { create, type StateCreator } from "zustand";
import type { SaveStatus } from "../storage/debounced-storage";
import { createCastSlice, type CastSlice } from "./cast-slice";
import type { GenerationMode } from "./panel-schema";
import { createPanelSlice, type PanelSlice } from "./panel-slice";
import type { LoadReport } from "./persistence";
import { createProjectSlice, type ProjectSlice } from "./project-slice";
import { createSettingsSlice, type SettingsSlice } from "./settings-slice";

export interface SessionSlice {
  /** The open project has been read from IndexedDB. */
  hydrated: boolean;
  loadReport: LoadReport;
  /** What generations are made with right now: the server's mode, told by the page. */
  generationMode: GenerationMode;
}

export type CastboardState = CastSlice & PanelSlice & ProjectSlice & SettingsSlice & SessionSlice;

/** Whether the latest change is safely in IndexedDB: its own store, so saving never triggers a save. */
export const useSaveStatus = create<SaveStatus>(() => ({ state: "saved" }));

type Args = Parameters<StateCreator<CastboardState>>;

/** The app's one store, built from typed slices; `lib/state/sync.ts` loads and saves it. */
export const useCastboard = create<CastboardState>()((...args: Args) => ({
  ...createCastSlice(...(args as unknown as Parameters<typeof createCastSlice>)),
  ...createPanelSlice(...(args as unknown as Parameters<typeof createPanelSlice>)),
  ...createProjectSlice(...(args as unknown as Parameters<typeof createProjectSlice>)),
  ...createSettingsSlice(...(args as unknown as Parameters<typeof createSettingsSlice>)),
  hydrated: false,
  loadReport: { dropped: [] },
  generationMode: "draft",
}));
