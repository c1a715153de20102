"use client";
import { useShallow } from "zustand/react/shallow";
import type { EndpointKind } from "@/lib/fal/endpoint";
import { validateRecipe, type ComposerField } from "@/lib/generation/request";
import type { GenerationSettings, Panel, ShotRecipe } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";

export type ErrorsFor = (field: ComposerField) => string[];

export interface ComposerModel {
  panelId: string;
  recipe: ShotRecipe;
  settings: GenerationSettings;
  /** Client checks first, then what the endpoint said about the last request, without repeats. */
  errors: ErrorsFor;
  /** Only client checks block Generate: the server's may be stale, and retrying must stay possible. */
  blockingCount: number;
  setRecipe(change: Partial<Omit<ShotRecipe, "settings">>, field: ComposerField): void;
  setSettings(change: Partial<GenerationSettings>, field: ComposerField): void;
  /** Whose prices the fields show: the character endpoint unless a fix or restage is being set up. */
  endpoint?: EndpointKind;
}

export function useComposer(panel: Panel, hasCharacter: boolean): ComposerModel {
  const actions = useCastboard(
    useShallow((s) => ({ updateRecipe: s.updateRecipe, updatePanelSettings: s.updatePanelSettings, setPanelError: s.setPanelError })),
  );
  const client = validateRecipe(panel.recipe, hasCharacter);
  const server = panel.error?.fields ?? {};

  // Once the person edits a field the endpoint complained about, that complaint no longer describes it.
  const clearServerError = (field: ComposerField) => {
    const error = useCastboard.getState().panels.find((p) => p.id === panel.id)?.error;
    if (!error || !(field in error.fields)) return;
    const fields = { ...error.fields };
    delete fields[field];
    actions.setPanelError(panel.id, { ...error, fields });
  };

  return {
    panelId: panel.id,
    recipe: panel.recipe,
    settings: panel.recipe.settings,
    errors: (field) => [...new Set([client[field], server[field]].filter((m): m is string => Boolean(m)))],
    blockingCount: Object.keys(client).length,
    setRecipe: (change, field) => {
      actions.updateRecipe(panel.id, change);
      clearServerError(field);
    },
    setSettings: (change, field) => {
      actions.updatePanelSettings(panel.id, change);
      clearServerError(field);
    },
  };
}
