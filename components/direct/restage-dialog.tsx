"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import { NumImagesField, SpeedField } from "@/components/composer/render-fields";
import { CharacterField, PromptField } from "@/components/composer/scene-fields";
import { SizeField } from "@/components/composer/size-field";
import { StyleField } from "@/components/composer/style-section";
import { DialogPanel } from "@/components/ui/dialog-panel";
import { DialogTitleBar } from "@/components/ui/dialog-title-bar";
import { PRICE_ASSUMED } from "@/lib/fal/pricing";
import { DEFAULTS } from "@/lib/fal/schema";
import { restageRecipe, startRestage } from "@/lib/generation/direct";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { initialRestage, RestageSource, restageStart, type RestageStart } from "./restage-source";
import { DirectSubmit } from "./direct-submit";
import { StrengthField } from "./strength-field";
import { useDraftRecipe } from "./use-draft-recipe";

const BUSY = "This shot is still generating. Wait for it to finish, then restage.";
const NO_SOURCE = "Choose an image to restage: this shot's image, a take, an upload or the sketch.";

/**
 * Restage: a new shot from an existing image (remix), keeping as much of its layout as the
 * strength says, with the shot's character, prompt, size and style. The result is a new take.
 */
export function RestageDialog({ panel, from, onClose }: { panel: Panel; from?: { takeId: string; imageIndex: number }; onClose: () => void }) {
  const characters = useCastboard((s) => s.characters);
  const [strength, setStrength] = useState<number>(DEFAULTS.strength);
  const model = useDraftRecipe(
    panel.id,
    () => {
      const { choice, pick } = initialRestage(panel, from);
      return restageRecipe(panel, restageStart(panel, choice, pick, null), DEFAULTS.strength);
    },
    { extra: panel.pending ? { form: BUSY } : undefined },
  );
  const direction = model.recipe.direction?.kind === "restage" ? model.recipe.direction : null;
  const character = characters.find((c) => c.id === model.recipe.characterId);

  const setStart = (start: RestageStart | null) =>
    model.setRecipe({ direction: start ? { kind: "restage", source: start.source, image: start.image, strength } : undefined }, "source");
  const changeStrength = (value: number) => {
    setStrength(value);
    if (direction) model.setRecipe({ direction: { ...direction, strength: value } }, "strength");
  };
  const submit = () => {
    if (!direction || model.blockingCount > 0) return;
    void startRestage(panel.id, model.recipe);
    onClose();
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <DialogPanel className="flex max-h-[92dvh] w-[min(58rem,calc(100vw-1.5rem))] flex-col" aria-describedby="restage-help" data-testid="restage-dialog">
        <DialogTitleBar title="Restage" closeLabel="Close without restaging" className="border-b border-line px-5 py-3" />
        <div className="grid min-h-0 gap-6 overflow-y-auto p-5 md:grid-cols-2">
          <div className="grid content-start gap-3">
            <p id="restage-help" className="text-[13px] leading-snug text-muted">
              A new take drawn over an existing image: its layout and framing, your character and prompt.
            </p>
            <RestageSource panel={panel} from={from} onChange={setStart} />
          </div>
          <div className="grid min-w-0 content-start gap-4">
            <CharacterField model={model} characters={characters} />
            <PromptField model={model} character={character} onShortcut={submit} label="Restage prompt" hint="What the new shot shows; the image gives its layout." />
            <StrengthField value={strength} onChange={changeStrength} errors={model.errors("strength")} />
            <StyleField model={model} />
            <SizeField model={model} />
            <SpeedField model={model} />
            <NumImagesField model={model} />
          </div>
        </div>
        {/* Outside the scrolling form, so the price and the button stay in view. */}
        <div className="border-t border-line px-5 py-3 md:grid md:grid-cols-2 md:gap-6">
          <div className="md:col-start-2">
            <DirectSubmit
              model={model}
              action={{ fal: "Restage", draft: "Draft restage · free", priceAssumed: PRICE_ASSUMED.remix }}
              notReady={direction ? undefined : NO_SOURCE}
              onSubmit={submit}
            />
          </div>
        </div>
      </DialogPanel>
    </Dialog.Root>
  );
}
