import { DEFAULT_SETTINGS, type Settings } from "./schema";
import type { CastboardSlice } from "./store";

export interface SettingsSlice {
  settings: Settings;
  updateSettings(change: Partial<Settings>): void;
}

export const createSettingsSlice: CastboardSlice<SettingsSlice> = (set) => ({
  settings: DEFAULT_SETTINGS,
  updateSettings: (change) => set((s) => ({ settings: { ...s.settings, ...change } })),
});
