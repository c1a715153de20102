import type { StateCreator } from "zustand";
import { DEFAULT_SETTINGS, type Settings } from "./schema";

export interface SettingsSlice {
  settings: Settings;
  updateSettings(change: Partial<Settings>): void;
}

export const createSettingsSlice: StateCreator<SettingsSlice, [], [], SettingsSlice> = (set) => ({
  settings: DEFAULT_SETTINGS,
  updateSettings: (change) => set((s) => ({ settings: { ...s.settings, ...change } })),
});
