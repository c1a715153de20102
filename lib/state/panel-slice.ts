import { pushStep, restoreBoard, type BoardStep } from "./board-history";
import { DEFAULT_PANEL_ANIMATIC, type PanelAnimatic } from "./animatic-schema";
import {
  DEFAULT_SHOT,
  type DialogueLine,
  type GenerationSettings,
  type Panel,
  type PanelError,
  type Pending,
  type ShotDetails,
  type ShotRecipe,
  type Sketch,
  type Take,
} from "./panel-schema";
import type { ProjectSettings } from "./project-schema";
import type { CastboardSlice } from "./store";
import type { Comic } from "../comic/comic-schema";

export interface PanelSlice {
  panels: Panel[];
  /** Board undo and redo stacks (not persisted: a reload starts a fresh history). */
  past: BoardStep[];
  future: BoardStep[];
  addPanel(characterId: string | null, afterId?: string): Panel;
  duplicatePanels(ids: string[]): string[];
  removePanels(ids: string[]): void;
  /** Moves the given panels, in board order, so the first lands at `toIndex` of the board without them. */
  movePanels(ids: string[], toIndex: number): void;
  updateShot(id: string, change: Partial<ShotDetails>): void;
  addDialogue(id: string, speakerId: string | null): DialogueLine | undefined;
  updateDialogue(id: string, lineId: string, change: Partial<Omit<DialogueLine, "id">>, key?: string): void;
  removeDialogue(id: string, lineId: string): void;
  updateRecipe(id: string, change: Partial<Omit<ShotRecipe, "settings">>): void;
  updatePanelSettings(id: string, change: Partial<GenerationSettings>): void;
  /** Choosing a take's image makes it the panel's image again, over a preferred sketch. */
  chooseImage(id: string, takeId: string, imageIndex: number): void;
  /** Sets (or, with null, removes) the panel's sketch: one undo step. */
  setSketch(id: string, sketch: Sketch | null): void;
  /**
   * Changes how the panel plays in the animatic (move, transition, sound clip): one undo step, or
   * part of the step being dragged when `key` repeats (a slider, a frame being drawn).
   */
  setPanelAnimatic(id: string, change: Partial<PanelAnimatic>, key?: string): void;
  /** Whether the sketch shows instead of the chosen image. */
  preferSketch(id: string, preferred: boolean): void;
  /** Puts a take's prompt and settings back into the composer. */
  restoreTake(id: string, takeId: string): void;
  /** Locks the seed to a take's, keeping the current prompt. */
  reuseSeed(id: string, takeId: string): void;
  deleteTake(id: string, takeId: string): void;
  undo(): boolean;
  redo(): boolean;
  /** Starts a fresh undo history (after building something that is not to be undone step by step). */
  clearHistory(): void;
  /**
   * Removes many takes in one change: one save, not a pile of undo steps. The history goes too,
   * since its steps still name the takes' images and would keep them from being freed.
   */
  deleteTakesForgettingHistory(takes: { panelId: string; takeId: string }[]): void;
  // Generation progress: never an undo step.
  setPending(id: string, pending: Pending | null): void;
  patchPending(id: string, change: Partial<Pending>): void;
  setPanelError(id: string, error: PanelError | null): void;
  addTake(id: string, take: Take): void;
}

/** Only the comic is part of the board's history; the project's defaults and soundtrack are not. */
const withComic = (settings: ProjectSettings, comic: Comic) => (settings.comic === comic ? settings : { ...settings, comic });
const update = (panels: Panel[], id: string, change: (panel: Panel) => Panel) => panels.map((p) => (p.id === id ? change(p) : p));
/** A panel's sketch once a take is chosen: an image picked on purpose replaces a preferred sketch. */
const showTake = (p: Panel): Panel["sketch"] => (p.sketch?.preferred ? { ...p.sketch, preferred: false } : p.sketch);

export function newPanel(characterId: string | null, settings: GenerationSettings): Panel {
  return {
    id: crypto.randomUUID(),
    createdAt: Date.now(),
    recipe: { characterId, prompt: "", negativePrompt: "", settings },
    shot: DEFAULT_SHOT,
    takes: [],
    sketch: null,
    animatic: DEFAULT_PANEL_ANIMATIC,
    chosen: null,
    pending: null,
    error: null,
  };
}

export const createPanelSlice: CastboardSlice<PanelSlice> = (set, get) => {
  /** Applies a board operation as one undo step (or part of the step being typed). */
  const edit = (label: string, change: (panels: Panel[]) => Panel[], key?: string) =>
    set((s) => {
      const next = change(s.panels);
      if (next === s.panels) return s;
      return { panels: next, past: pushStep(s.past, { panels: s.panels, comic: s.projectSettings.comic, at: Date.now(), label, key }), future: [] };
    });
  const editPanel = (id: string, label: string, change: (panel: Panel) => Panel, key?: string) =>
    edit(label, (panels) => (panels.some((p) => p.id === id) ? update(panels, id, change) : panels), key);
  const live = (change: (panels: Panel[]) => Panel[]) => set((s) => ({ panels: change(s.panels) }));

  return {
    panels: [],
    past: [],
    future: [],
    addPanel: (characterId, afterId) => {
      const panel = newPanel(characterId, get().projectSettings.defaults);
      edit("Add panel", (panels) => {
        const after = afterId ? panels.findIndex((p) => p.id === afterId) : -1;
        const at = after >= 0 ? after + 1 : panels.length;
        return [...panels.slice(0, at), panel, ...panels.slice(at)];
      });
      return panel;
    },
    duplicatePanels: (ids) => {
      const wanted = new Set(ids);
      const created: string[] = [];
      edit("Duplicate", (panels) =>
        panels.flatMap((p) => {
          if (!wanted.has(p.id)) return [p];
          // Takes and their blobs are shared, not copied: garbage collection counts every reference.
          const copy: Panel = {
            ...p,
            id: crypto.randomUUID(),
            createdAt: Date.now(),
            shot: { ...p.shot, dialogue: p.shot.dialogue.map((l) => ({ ...l, id: crypto.randomUUID() })) },
            pending: null,
            error: null,
          };
          created.push(copy.id);
          return [p, copy];
        }),
      );
      return created;
    },
    removePanels: (ids) => {
      const gone = new Set(ids);
      edit(ids.length > 1 ? `Delete ${ids.length} panels` : "Delete panel", (panels) =>
        panels.some((p) => gone.has(p.id)) ? panels.filter((p) => !gone.has(p.id)) : panels,
      );
    },
    movePanels: (ids, toIndex) => {
      const moving = new Set(ids);
      edit("Reorder", (panels) => {
        const picked = panels.filter((p) => moving.has(p.id));
        if (picked.length === 0) return panels;
        const rest = panels.filter((p) => !moving.has(p.id));
        const at = Math.max(0, Math.min(toIndex, rest.length));
        const next = [...rest.slice(0, at), ...picked, ...rest.slice(at)];
        return next.every((p, i) => p === panels[i]) ? panels : next;
      });
    },
    updateShot: (id, change) =>
      editPanel(id, "Edit shot", (p) => ({ ...p, shot: { ...p.shot, ...change } }), `shot:${id}:${Object.keys(change).join(",")}`),
    addDialogue: (id, speakerId) => {
      const panel = get().panels.find((p) => p.id === id);
      if (!panel) return undefined;
      const count = panel.shot.dialogue.length;
      // New balloons stack down the left, then the right, so they do not cover each other.
      const line: DialogueLine = { id: crypto.randomUUID(), speakerId, text: "", x: count % 2 ? 0.72 : 0.28, y: Math.min(0.15 + Math.floor(count / 2) * 0.2, 0.85) };
      editPanel(id, "Add line", (p) => ({ ...p, shot: { ...p.shot, dialogue: [...p.shot.dialogue, line] } }));
      return line;
    },
    updateDialogue: (id, lineId, change, key) =>
      editPanel(
        id,
        "Edit line",
        (p) => ({ ...p, shot: { ...p.shot, dialogue: p.shot.dialogue.map((l) => (l.id === lineId ? { ...l, ...change } : l)) } }),
        key ?? `line:${lineId}:${Object.keys(change).join(",")}`,
      ),
    removeDialogue: (id, lineId) =>
      editPanel(id, "Delete line", (p) => ({ ...p, shot: { ...p.shot, dialogue: p.shot.dialogue.filter((l) => l.id !== lineId) } })),
    updateRecipe: (id, change) =>
      editPanel(id, "Edit prompt", (p) => ({ ...p, recipe: { ...p.recipe, ...change } }), `recipe:${id}:${Object.keys(change).join(",")}`),
    updatePanelSettings: (id, change) =>
      editPanel(
        id,
        "Edit settings",
        (p) => ({ ...p, recipe: { ...p.recipe, settings: { ...p.recipe.settings, ...change } } }),
        `settings:${id}:${Object.keys(change).join(",")}`,
      ),
    chooseImage: (id, takeId, imageIndex) => editPanel(id, "Choose image", (p) => ({ ...p, chosen: { takeId, imageIndex }, sketch: showTake(p) })),
    setSketch: (id, sketch) => editPanel(id, sketch ? "Sketch" : "Delete sketch", (p) => ({ ...p, sketch })),
    setPanelAnimatic: (id, change, key) =>
      editPanel(id, "Edit animatic", (p) => ({ ...p, animatic: { ...p.animatic, ...change } }), key ?? `animatic:${id}:${Object.keys(change).join(",")}`),
    preferSketch: (id, preferred) => {
      const sketch = get().panels.find((p) => p.id === id)?.sketch;
      // A no-op would still leave an undo step that undoes nothing.
      if (!sketch || sketch.preferred === preferred) return;
      editPanel(id, preferred ? "Use sketch" : "Use image", (p) => ({ ...p, sketch: { ...sketch, preferred } }));
    },
    restoreTake: (id, takeId) =>
      editPanel(id, "Restore take", (p) => {
        const take = p.takes.find((t) => t.id === takeId);
        if (!take) return p;
        // The composer makes new shots: a fix's or restage's starting image stays with its take.
        const recipe = { ...take.recipe };
        delete recipe.direction;
        return { ...p, recipe, chosen: { takeId, imageIndex: 0 } };
      }),
    reuseSeed: (id, takeId) =>
      editPanel(id, "Reuse seed", (p) => {
        const take = p.takes.find((t) => t.id === takeId);
        return take ? { ...p, recipe: { ...p.recipe, settings: { ...p.recipe.settings, seedMode: "locked", seed: take.seed } } } : p;
      }),
    deleteTake: (id, takeId) =>
      editPanel(id, "Delete take", (p) => {
        const takes = p.takes.filter((t) => t.id !== takeId);
        const last = takes.at(-1);
        const chosen = p.chosen?.takeId === takeId ? (last ? { takeId: last.id, imageIndex: 0 } : null) : p.chosen;
        return { ...p, takes, chosen };
      }),
    undo: () => {
      const { past, future, panels, projectSettings } = get();
      const step = past.at(-1);
      if (!step) return false;
      const now = Date.now();
      set({
        panels: restoreBoard(step.panels, panels, step.at),
        projectSettings: withComic(projectSettings, step.comic),
        past: past.slice(0, -1),
        future: [...future, { panels, comic: projectSettings.comic, at: now, label: step.label }],
      });
      return true;
    },
    redo: () => {
      const { past, future, panels, projectSettings } = get();
      const step = future.at(-1);
      if (!step) return false;
      set({
        panels: restoreBoard(step.panels, panels, step.at),
        projectSettings: withComic(projectSettings, step.comic),
        future: future.slice(0, -1),
        past: [...past, { panels, comic: projectSettings.comic, at: Date.now(), label: step.label }],
      });
      return true;
    },
    clearHistory: () => set({ past: [], future: [] }),
    deleteTakesForgettingHistory: (takes) =>
      set((s) => {
        const dropped = new Map<string, Set<string>>();
        for (const { panelId, takeId } of takes) dropped.set(panelId, (dropped.get(panelId) ?? new Set()).add(takeId));
        const panels = s.panels.map((p) => {
          // Duplicated panels share take ids, so a take is only ever named together with its panel.
          const gone = dropped.get(p.id);
          return gone && p.takes.some((t) => gone.has(t.id)) ? { ...p, takes: p.takes.filter((t) => !gone.has(t.id)) } : p;
        });
        return { panels, past: [], future: [] };
      }),
    setPending: (id, pending) => live((panels) => update(panels, id, (p) => ({ ...p, pending, ...(pending ? { error: null } : {}) }))),
    patchPending: (id, change) => live((panels) => update(panels, id, (p) => (p.pending ? { ...p, pending: { ...p.pending, ...change } } : p))),
    setPanelError: (id, error) => live((panels) => update(panels, id, (p) => ({ ...p, error }))),
    addTake: (id, take) =>
      live((panels) =>
        update(panels, id, (p) =>
          // Two tabs following the same request must not both add its take.
          p.takes.some((t) => t.requestId === take.requestId)
            ? { ...p, pending: null }
            : { ...p, takes: [...p.takes, take], chosen: { takeId: take.id, imageIndex: 0 }, sketch: showTake(p), pending: null, error: null },
        ),
      ),
  };
};
