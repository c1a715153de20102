import type { StateCreator } from "zustand";
import {
  DEFAULT_GENERATION_SETTINGS,
  type GenerationSettings,
  type Panel,
  type PanelError,
  type Pending,
  type ShotRecipe,
  type Take,
} from "./panel-schema";

export interface PanelSlice {
  panels: Panel[];
  addPanel(characterId: string | null, afterId?: string): Panel;
  removePanel(id: string): { panel: Panel; index: number } | undefined;
  restorePanel(removed: { panel: Panel; index: number }): void;
  updateRecipe(id: string, change: Partial<Omit<ShotRecipe, "settings">>): void;
  updatePanelSettings(id: string, change: Partial<GenerationSettings>): void;
  setPending(id: string, pending: Pending | null): void;
  patchPending(id: string, change: Partial<Pending>): void;
  setPanelError(id: string, error: PanelError | null): void;
  addTake(id: string, take: Take): void;
  chooseImage(id: string, takeId: string, imageIndex: number): void;
  /** Puts a take's prompt and settings back into the composer. */
  restoreTake(id: string, takeId: string): void;
  /** Locks the seed to a take's, keeping the current prompt. */
  reuseSeed(id: string, takeId: string): void;
  deleteTake(id: string, takeId: string): void;
}

const update = (panels: Panel[], id: string, change: (panel: Panel) => Panel) => panels.map((p) => (p.id === id ? change(p) : p));

export const createPanelSlice: StateCreator<PanelSlice, [], [], PanelSlice> = (set, get) => ({
  panels: [],
  addPanel: (characterId, afterId) => {
    const panel: Panel = {
      id: crypto.randomUUID(),
      createdAt: Date.now(),
      recipe: { characterId, prompt: "", negativePrompt: "", settings: DEFAULT_GENERATION_SETTINGS },
      takes: [],
      chosen: null,
      pending: null,
      error: null,
    };
    set((s) => {
      const after = afterId ? s.panels.findIndex((p) => p.id === afterId) : -1;
      const at = after >= 0 ? after + 1 : s.panels.length;
      return { panels: [...s.panels.slice(0, at), panel, ...s.panels.slice(at)] };
    });
    return panel;
  },
  removePanel: (id) => {
    const index = get().panels.findIndex((p) => p.id === id);
    const panel = get().panels[index];
    if (!panel) return undefined;
    set((s) => ({ panels: s.panels.filter((p) => p.id !== id) }));
    return { panel, index };
  },
  restorePanel: ({ panel, index }) =>
    set((s) => (s.panels.some((p) => p.id === panel.id) ? s : { panels: [...s.panels.slice(0, index), panel, ...s.panels.slice(index)] })),
  updateRecipe: (id, change) => set((s) => ({ panels: update(s.panels, id, (p) => ({ ...p, recipe: { ...p.recipe, ...change } })) })),
  updatePanelSettings: (id, change) =>
    set((s) => ({
      panels: update(s.panels, id, (p) => ({ ...p, recipe: { ...p.recipe, settings: { ...p.recipe.settings, ...change } } })),
    })),
  setPending: (id, pending) => set((s) => ({ panels: update(s.panels, id, (p) => ({ ...p, pending, ...(pending ? { error: null } : {}) })) })),
  patchPending: (id, change) =>
    set((s) => ({ panels: update(s.panels, id, (p) => (p.pending ? { ...p, pending: { ...p.pending, ...change } } : p)) })),
  setPanelError: (id, error) => set((s) => ({ panels: update(s.panels, id, (p) => ({ ...p, error })) })),
  addTake: (id, take) =>
    set((s) => ({
      panels: update(s.panels, id, (p) => ({ ...p, takes: [...p.takes, take], chosen: { takeId: take.id, imageIndex: 0 }, pending: null, error: null })),
    })),
  chooseImage: (id, takeId, imageIndex) => set((s) => ({ panels: update(s.panels, id, (p) => ({ ...p, chosen: { takeId, imageIndex } })) })),
  restoreTake: (id, takeId) =>
    set((s) => ({
      panels: update(s.panels, id, (p) => {
        const take = p.takes.find((t) => t.id === takeId);
        return take ? { ...p, recipe: take.recipe, chosen: { takeId, imageIndex: 0 } } : p;
      }),
    })),
  reuseSeed: (id, takeId) =>
    set((s) => ({
      panels: update(s.panels, id, (p) => {
        const take = p.takes.find((t) => t.id === takeId);
        return take ? { ...p, recipe: { ...p.recipe, settings: { ...p.recipe.settings, seedMode: "locked", seed: take.seed } } } : p;
      }),
    })),
  deleteTake: (id, takeId) =>
    set((s) => ({
      panels: update(s.panels, id, (p) => {
        const takes = p.takes.filter((t) => t.id !== takeId);
        const last = takes.at(-1);
        const chosen = p.chosen?.takeId === takeId ? (last ? { takeId: last.id, imageIndex: 0 } : null) : p.chosen;
        return { ...p, takes, chosen };
      }),
    })),
});
