"use client";
import { GenerateBar, type SubmitAction } from "@/components/composer/generate-bar";
import { recipeCostCents } from "@/lib/generation/request";
import { useCastboard } from "@/lib/state/store";
import type { DraftRecipe } from "./use-draft-recipe";

/**
 * A fix's or restage's button, with its price from the one table ("Fix region · $0.15", or a free
 * draft offline) and, when it cannot be sent yet, the first reason why.
 */
export function DirectSubmit({ model, action, notReady, onSubmit }: { model: DraftRecipe; action: Omit<SubmitAction, "blocked">; notReady?: string; onSubmit: () => void }) {
  const mode = useCastboard((s) => s.generationMode);
  return (
    <GenerateBar
      mode={mode}
      busy={false}
      costCents={recipeCostCents(model.recipe)}
      numImages={model.settings.numImages}
      blockingCount={model.blockingCount + (notReady ? 1 : 0)}
      formErrors={[]}
      onGenerate={onSubmit}
      onCancel={() => undefined}
      action={{ ...action, blocked: notReady ?? model.firstError }}
    />
  );
}
