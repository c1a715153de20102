"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { Check } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { maskSaveFailure, openCharacterMask, saveCharacterMask, type OpenedMask } from "@/lib/cast/character-mask";
import type { Character } from "@/lib/state/schema";
import { useCastboard } from "@/lib/state/store";
import { MaskToolbar } from "./mask-toolbar";
import { PainterStage } from "./painter-stage";
import { usePainter } from "./use-painter";

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
  const [loaded, setLoaded] = useState<OpenedMask | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const invertPolarity = useCastboard((s) => s.settings.invertMaskPolarity);
  const changedRef = useRef(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    let live = true;
    openCharacterMask(character).then(
      (result) => (live ? setLoaded(result) : result.image.close()),
      (error: unknown) => live && setLoadError(error instanceof Error ? error.message : "The images could not be opened."),
    );
    return () => {
      live = false;
    };
    // Only the character being edited matters; its mask changes as we save.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [character.id]);

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

  useEffect(() => () => loaded?.image.close(), [loaded]);

  const close = async () => {
    if (await save()) onClose();
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && void close()}>
      <Dialog.Portal>
        <Dialog.Content
          className="fixed inset-0 z-50 flex flex-col bg-[#1b1b1e] text-white outline-none"
          onKeyDown={painter.onKeyDown}
          onKeyUp={painter.onKeyUp}
          aria-describedby="mask-help"
        >
          <div className="flex items-center justify-between gap-3 border-b border-white/10 px-3 py-2">
            <div className="min-w-0">
              <Dialog.Title className="truncate text-sm font-semibold">Mask · {character.name || "Untitled"}</Dialog.Title>
              <p id="mask-help" className="hidden text-xs text-white/60 sm:block">
                Paint over the character. Space-drag or two fingers to pan, wheel or pinch to zoom.
              </p>
            </div>
            <div className="flex items-center gap-3">
              <span className="text-xs text-white/60" role="status" data-testid="mask-save-state">
                {saveState === "saving" ? "Saving…" : saveState === "pending" ? "Unsaved changes" : saveState === "failed" ? "Not saved" : "Saved"}
              </span>
              <Button variant="inverse" onClick={() => void close()}>
                <Check aria-hidden className="size-4" /> Done
              </Button>
            </div>
          </div>
          <MaskToolbar state={painter.toolbar} actions={painter.actions} />
          <PainterStage
            canvasRef={painter.canvasRef}
            cursorRef={painter.cursorRef}
            tool={painter.toolbar.tool}
            ready={!!loaded}
            loading="Opening the reference…"
            error={loadError}
            label={`Mask canvas for ${character.name}. Paint with the brush; B brush, E eraser, R rectangle, L lasso, [ and ] change the size.`}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
