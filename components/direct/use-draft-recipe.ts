"use client";
import { useState } from "react";
import type { ComposerModel } from "@/components/composer/use-composer";
import { endpointFor, validateRecipe, type ComposerField } from "@/lib/generation/request";
import type { ShotRecipe } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";

export interface DraftRecipe extends ComposerModel {
  /** The first problem, in words, for the submit bar. */
  firstError: string | undefined;
  replace(recipe: ShotRecipe): void;
}

/**
 * A recipe a dialog edits before it is sent (a fix, a restage), with the composer's own fields:
 * kept in the dialog, not in the panel, so closing it changes nothing. Checked as it is edited
 * with the same validation as the composer, plus what only the dialog knows (`extra`).
 */
export function useDraftRecipe(
  panelId: string,
  initial: () => ShotRecipe,
  options: { regionEmpty?: boolean; extra?: Partial<Record<ComposerField, string>> } = {},
): DraftRecipe {
  const [recipe, setRecipe] = useState(initial);
  const hasCharacter = useCastboard((s) => s.characters.some((c) => c.id === recipe.characterId));
  const client = { ...options.extra, ...validateRecipe(recipe, hasCharacter, { regionEmpty: options.regionEmpty }) };
  return {
    panelId,
    recipe,
    settings: recipe.settings,
    endpoint: endpointFor(recipe),
    errors: (field) => (client[field] ? [client[field]] : []),
    blockingCount: Object.keys(client).length,
    firstError: Object.values(client)[0],
    setRecipe: (change) => setRecipe((r) => ({ ...r, ...change })),
    setSettings: (change) => setRecipe((r) => ({ ...r, settings: { ...r.settings, ...change } })),
    replace: setRecipe,
  };
}
