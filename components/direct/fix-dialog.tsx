"use client";
import { X } from "lucide-react";
import { useState } from "react";
import { NumImagesField, SpeedField } from "@/components/composer/render-fields";
import { CharacterField, PromptField } from "@/components/composer/scene-fields";
import { PainterDialog } from "@/components/mask-painter/painter-dialog";
import { PainterStage } from "@/components/mask-painter/painter-stage";
import { useOpenedSession, usePainter } from "@/components/mask-painter/use-painter";
import { Button } from "@/components/ui/button";
import { takeNumber } from "@/lib/board/take-origin";
import { PRICE_ASSUMED } from "@/lib/fal/pricing";
import { fixRecipe, startFix, unsavedMask } from "@/lib/generation/direct";
import { EDIT_INVERT_POLARITY, exportEditMask, openEditRegion } from "@/lib/mask/edit-region";
import type { Panel, Take } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { DirectSubmit } from "./direct-submit";
import { useDraftRecipe } from "./use-draft-recipe";

export interface FixDialogProps {
  panel: Panel;
  take: Take;
  imageIndex: number;
  /** performance.now() when it was asked for: the painter's time-to-ready is measured from it. */
  openedAt: number;
  onClose: () => void;
}

const BUSY = "This shot is still generating. Wait for it to finish, then fix a region.";

/**
 * Fix a region of a take's image: the mask painter over the image (brush, eraser, rectangle,
 * lasso, undo, zoom) beside what the region should become. The region is sent as fal's edit
 * mask, black = repaint, at the image's exact size; the result is a new take of the panel.
 */
export function FixDialog({ panel, take, imageIndex, openedAt, onClose }: FixDialogProps) {
  const characters = useCastboard((s) => s.characters);
  const [coverage, setCoverage] = useState(0);
  const [sending, setSending] = useState(false);
  const image = take.images[imageIndex] ?? take.images[0]!;
  const number = takeNumber(panel.takes, take.id);

  const { opened, error: loadError } = useOpenedSession(() => openEditRegion(image), "The image could not be opened.");

  const model = useDraftRecipe(
    panel.id,
    () => {
      const known = (id: string | null) => (characters.some((c) => c.id === id) ? id : null);
      return fixRecipe(take, imageIndex, known(take.recipe.characterId) ?? known(panel.recipe.characterId), unsavedMask(image.width, image.height));
    },
    { regionEmpty: coverage === 0, extra: panel.pending ? { form: BUSY } : loadError ? { source: loadError } : undefined },
  );
  const character = characters.find((c) => c.id === model.recipe.characterId);

  const painter = usePainter(opened, image, {
    invertPolarity: EDIT_INVERT_POLARITY,
    onChange: () => opened && setCoverage(opened.doc.coverage()),
    onFirstFrame: () => performance.measure("castboard:fix-painter-ready", { start: openedAt, end: performance.now() }),
  });

  const submit = async () => {
    const direction = model.recipe.direction;
    if (!opened || sending || model.blockingCount > 0 || direction?.kind !== "fix") return;
    setSending(true);
    const { doc } = opened;
    const region = await exportEditMask(doc);
    // The image as decoded is what the region was painted on, and what fal will see.
    const sized = { ...direction, image: { ...direction.image, width: doc.width, height: doc.height }, mask: unsavedMask(doc.width, doc.height) };
    void startFix(panel.id, { ...model.recipe, direction: sized }, region);
    onClose();
  };

  const percent = coverage > 0 ? Math.max(1, Math.round(coverage * 100)) : 0;
  return (
    <PainterDialog
      title={`Fix a region · Take ${number ?? "?"}${take.images.length > 1 ? `, image ${imageIndex + 1}` : ""}`}
      help="Paint, box or lasso what to repaint; the rest of the image is kept. Space-drag or two fingers to pan."
      painter={painter}
      onDismiss={onClose}
      testId="fix-dialog"
      actions={
        <Button variant="ghost" size="icon" className="text-white hover:bg-white/10" aria-label="Close without fixing" onClick={onClose}>
          <X aria-hidden className="size-4" />
        </Button>
      }
    >
      <div className="flex min-h-0 flex-1 flex-col overflow-y-auto lg:flex-row lg:overflow-hidden">
        <div className="flex h-[52vh] shrink-0 lg:h-auto lg:min-h-0 lg:flex-1">
          <PainterStage
            {...painter.stage}
            ready={!!opened}
            loading="Opening the image…"
            error={loadError}
            label="Region to fix. Paint over what should change; B brush, E eraser, R rectangle, L lasso, [ and ] change the size."
          />
        </div>
        <aside aria-label="What the region becomes" className="grid content-start gap-4 bg-surface p-4 text-ink lg:w-[360px] lg:shrink-0 lg:overflow-y-auto">
          <p className="text-[13px] leading-snug" role="status" data-testid="region-status">
            {percent > 0 ? `Region: ${percent}% of the image.` : "No region yet: paint, box or lasso the part to change."}
          </p>
          <CharacterField model={model} characters={characters} />
          <PromptField
            model={model}
            character={character}
            onShortcut={() => void submit()}
            label="What the region should become"
            placeholder="Ferris holds a red umbrella"
            hint="Describe only the painted region; the rest of the image is kept."
          />
          <SpeedField model={model} />
          <NumImagesField model={model} />
          <DirectSubmit
            model={model}
            action={{ fal: "Fix region", draft: "Draft fix · free", priceAssumed: PRICE_ASSUMED.edit }}
            notReady={opened ? undefined : (loadError ?? "Opening the image…")}
            onSubmit={() => void submit()}
          />
        </aside>
      </div>
    </PainterDialog>
  );
}
