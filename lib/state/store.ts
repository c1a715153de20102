"use client";
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { createDebouncedStorage, type SaveStatus } from "../storage/debounced-storage";
import { idbStateStorage } from "../storage/idb-state-storage";
import type { GenerationMode } from "./panel-schema";
import { createCastSlice, type CastSlice } from "./cast-slice";
import { createPanelSlice, type PanelSlice } from "./panel-slice";
import { migrateState, sanitizePersisted, STATE_VERSION, type LoadReport, type PersistedState } from "./persistence";
import { createSettingsSlice, type SettingsSlice } from "./settings-slice";

export interface SessionSlice {
  hydrated: boolean;
  loadReport: LoadReport;
  /** What generations are made with right now: the server's mode, told by the page. */
  generationMode: GenerationMode;
}

export type CastboardState = CastSlice & PanelSlice & SettingsSlice & SessionSlice;

/** Whether the latest change is safely in IndexedDB: its own store, so saving never triggers a save. */
export const useSaveStatus = create<SaveStatus>(() => ({ state: "saved" }));

const AUTOSAVE_MS = 250;
export const stateStorage = createDebouncedStorage(idbStateStorage, AUTOSAVE_MS, (status) => useSaveStatus.setState(status, true));

export const useCastboard = create<CastboardState>()(
  persist(
    (...args) => ({
      ...createCastSlice(...(args as Parameters<typeof createCastSlice>)),
      ...createPanelSlice(...(args as Parameters<typeof createPanelSlice>)),
      ...createSettingsSlice(...(args as Parameters<typeof createSettingsSlice>)),
      hydrated: false,
      loadReport: { dropped: [] },
      generationMode: "draft",
    }),
    {
      name: "castboard",
      version: STATE_VERSION,
      storage: createJSONStorage(() => stateStorage),
      partialize: (state): PersistedState => ({ characters: state.characters, panels: state.panels, settings: state.settings }),
      migrate: migrateState,
      merge: (persisted, current) => {
        const { state, report } = sanitizePersisted(persisted);
        return { ...current, ...state, loadReport: report };
      },
      onRehydrateStorage: () => (_state, error) =>
        useCastboard.setState((s) => ({
          hydrated: true,
          loadReport: error
            ? { dropped: [...s.loadReport.dropped, { what: "Saved work", why: "this browser's storage could not be read" }] }
            : s.loadReport,
        })),
    },
  ),
);
