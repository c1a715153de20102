"use client";
import { Check } from "lucide-react";
import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { maskSaveFailure, openCharacterMask, saveCharacterMask } from "@/lib/cast/character-mask";
import type { Character } from "@/lib/state/schema";
import { useCastboard } from "@/lib/state/store";
import { PainterDialog } from "./painter-dialog";
import { PainterStage } from "./painter-stage";
import { useOpenedSession, usePainter } from "./use-painter";

type SaveState = "saved" | "pending" | "saving" | "failed";
const AUTOSAVE_MS = 1200;

function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A character's mask: the painter over its reference, saved a moment after each change and on Done. */
export function MaskPainter({ character, onClose }: { character: Character; onClose: () => void }) {
  const { opened: loaded, error: loadError } = useOpenedSession(() => openCharacterMask(character), "The images could not be opened.");
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const invertPolarity = useCastboard((s) => s.settings.invertMaskPolarity);
  const changedRef = useRef(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const save = useCallback(async (): Promise<boolean> => {
    clearTimeout(saveTimer.current);
    if (!loaded || !changedRef.current) return true;
    changedRef.current = false;
    setSaveState("saving");
    try {
      await saveCharacterMask(character.id, loaded.doc);
      setSaveState("saved");
      return true;
    } catch (error) {
      changedRef.current = true;
      setSaveState("failed");
      toast.error(maskSaveFailure(error));
      return false;
    }
  }, [loaded, character.id]);

  const painter = usePainter(loaded, character.reference, {
    invertPolarity,
    automatic: true,
    download: () =>
      void loaded?.doc
        .exportPng({ invertPolarity })
        .then((blob) => download(blob, `${character.name || "character"}-mask.png`.replace(/[^\w.-]+/g, "-"))),
    onChange: () => {
      changedRef.current = true;
      setSaveState("pending");
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void save(), AUTOSAVE_MS);
    },
  });

  const close = async () => {
    if (await save()) onClose();
  };

  return (
    <PainterDialog
      title={`Mask · ${character.name || "Untitled"}`}
      help="Paint over the character. Space-drag or two fingers to pan, wheel or pinch to zoom."
      painter={painter}
      onDismiss={() => void close()}
      actions={
        <>
          <span className="text-xs text-white/60" role="status" data-testid="mask-save-state">
            {saveState === "saving" ? "Saving…" : saveState === "pending" ? "Unsaved changes" : saveState === "failed" ? "Not saved" : "Saved"}
          </span>
          <Button variant="inverse" onClick={() => void close()}>
            <Check aria-hidden className="size-4" /> Done
          </Button>
        </>
      }
    >
      <PainterStage
        {...painter.stage}
        ready={!!loaded}
        loading="Opening the reference…"
        error={loadError}
        label={`Mask canvas for ${character.name}. Paint with the brush; B brush, E eraser, R rectangle, L lasso, W magic wand, X box select, [ and ] change the size.`}
      />
    </PainterDialog>
  );
}
