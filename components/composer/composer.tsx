"use client";
import type { JSX } from "react";
import { recipeCostCents, type ComposerField } from "@/lib/generation/request";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { Advanced, advancedSummary } from "./advanced";
import { GenerateBar } from "./generate-bar";
import { PaletteField } from "./palette-field";
import { MagicPromptSwitch, NumImagesField, SpeedField } from "./render-fields";
import { CharacterField, NegativePromptField, PromptField } from "./scene-fields";
import { SeedField } from "./seed-field";
import { SizeField } from "./size-field";
import { StyleField, StyleSourceSection } from "./style-section";
import { useComposer } from "./use-composer";

export interface ComposerProps {
  panel: Panel;
  /** draft: the offline engine (free); fal: real spend. */
  mode: "draft" | "fal";
  /** A generation is in flight for this panel. */
  busy: boolean;
  onGenerate(): void;
  onCancel(): void;
}

const ADVANCED_FIELDS: readonly ComposerField[] = ["negativePrompt", "styleCodes", "styleReferences", "seed", "expandPrompt", "palette"];

/**
 * Edits one panel's recipe in the store: every input of the endpoint, checked as it is typed
 * with the endpoint's own schema, so Generate is only possible for a request it would accept.
 */
export function Composer(props: ComposerProps): JSX.Element {
  // Local drafts (a half-typed seed or style code, upload progress) belong to one panel.
  return <ComposerForm key={props.panel.id} {...props} />;
}

function ComposerForm({ panel, mode, busy, onGenerate, onCancel }: ComposerProps) {
  const characters = useCastboard((s) => s.characters);
  const character = characters.find((c) => c.id === panel.recipe.characterId);
  const model = useComposer(panel, Boolean(character));
  const advancedIssues = ADVANCED_FIELDS.reduce((sum, field) => sum + (model.errors(field).length > 0 ? 1 : 0), 0);
  const generate = () => {
    if (!busy && model.blockingCount === 0) onGenerate();
  };

  return (
    <section aria-label="Shot composer" className="grid w-full min-w-0 grid-cols-1 gap-4" data-testid="composer">
      <CharacterField model={model} characters={characters} />
      <PromptField model={model} character={character} onShortcut={generate} />
      <StyleField model={model} />
      <SpeedField model={model} />
      <SizeField model={model} />
      <NumImagesField model={model} />
      <Advanced summary={advancedSummary(panel.recipe)} issues={advancedIssues}>
        <NegativePromptField model={model} onShortcut={generate} />
        <StyleSourceSection model={model} />
        <SeedField model={model} takes={panel.takes} />
        <MagicPromptSwitch model={model} />
        <PaletteField model={model} />
      </Advanced>
      <GenerateBar
        mode={mode}
        busy={busy}
        costCents={recipeCostCents(panel.recipe)}
        numImages={panel.recipe.settings.numImages}
        blockingCount={model.blockingCount}
        formErrors={model.errors("form")}
        onGenerate={generate}
        onCancel={onCancel}
      />
    </section>
  );
}
