"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { Check, Loader2 } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { maskSaveFailure, openCharacterMask, saveCharacterMask, type OpenedMask } from "@/lib/cast/character-mask";
import type { MaskDocument } from "@/lib/mask/mask-document";
import type { Character } from "@/lib/state/schema";
import { useCastboard } from "@/lib/state/store";
import { MAX_BRUSH, MIN_BRUSH, MaskToolbar, OVERLAY_COLORS, type ToolbarState } from "./mask-toolbar";
import { PainterController } from "./painter-controller";

type SaveState = "saved" | "pending" | "saving" | "failed";
const AUTOSAVE_MS = 1200;

function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function MaskPainter({ character, onClose }: { character: Character; onClose: () => void }) {
  const [loaded, setLoaded] = useState<OpenedMask | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const invertPolarity = useCastboard((s) => s.settings.invertMaskPolarity);
  const [toolbar, setToolbar] = useState<ToolbarState>(() => ({
    tool: "brush",
    size: Math.round(Math.max(character.reference.width, character.reference.height) * 0.04),
    overlayColor: OVERLAY_COLORS[0].value,
    overlayOpacity: 0.5,
    showExact: false,
    canUndo: false,
    canRedo: false,
    zoom: 1,
  }));
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cursorRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<PainterController | null>(null);
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

  useEffect(() => {
    const canvas = canvasRef.current;
    const cursor = cursorRef.current;
    if (!loaded || !canvas || !cursor) return;
    const controller = new PainterController(canvas, cursor, loaded.doc, loaded.image, { ...toolbar, invertPolarity }, (view) =>
      setToolbar((t) => (t.zoom === view.scale ? t : { ...t, zoom: view.scale })),
    );
    controllerRef.current = controller;
    const detach = controller.attach();
    const unsubscribe = loaded.doc.onChange(() => {
      changedRef.current = true;
      setSaveState("pending");
      setToolbar((t) => ({ ...t, canUndo: loaded.doc.canUndo, canRedo: loaded.doc.canRedo }));
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void save(), AUTOSAVE_MS);
    });
    return () => {
      unsubscribe();
      detach();
      controllerRef.current = null;
    };
    // The controller is created once per document; option changes are pushed to it below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded]);

  useEffect(() => {
    controllerRef.current?.setOptions({
      tool: toolbar.tool,
      size: toolbar.size,
      overlayColor: toolbar.overlayColor,
      overlayOpacity: toolbar.overlayOpacity,
      showExact: toolbar.showExact,
      invertPolarity,
    });
  }, [toolbar.tool, toolbar.size, toolbar.overlayColor, toolbar.overlayOpacity, toolbar.showExact, invertPolarity]);

  useEffect(() => () => loaded?.image.close(), [loaded]);

  const close = async () => {
    if (await save()) onClose();
  };

  const doc = loaded?.doc;
  const repaint = (rect: ReturnType<MaskDocument["undo"]>) => controllerRef.current?.invalidate(rect);
  const actions = {
    setTool: (tool: ToolbarState["tool"]) => setToolbar((t) => ({ ...t, tool })),
    setSize: (size: number) => setToolbar((t) => ({ ...t, size: Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, Math.round(size))) })),
    setOverlayColor: (overlayColor: string) => setToolbar((t) => ({ ...t, overlayColor })),
    setOverlayOpacity: (overlayOpacity: number) => setToolbar((t) => ({ ...t, overlayOpacity })),
    setShowExact: (showExact: boolean) => setToolbar((t) => ({ ...t, showExact })),
    undo: () => doc && repaint(doc.undo()),
    redo: () => doc && repaint(doc.redo()),
    clear: () => doc && (doc.clear(), repaint(null)),
    fillAll: () => doc && (doc.fillAll(), repaint(null)),
    invert: () => doc && (doc.invert(), repaint(null)),
    zoomIn: () => controllerRef.current?.zoomBy(1.25),
    zoomOut: () => controllerRef.current?.zoomBy(0.8),
    fit: () => controllerRef.current?.fit(),
    download: () =>
      void doc
        ?.exportPng({ invertPolarity })
        .then((blob) => download(blob, `${character.name || "character"}-mask.png`.replace(/[^\w.-]+/g, "-"))),
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (event.target instanceof HTMLInputElement) return;
    if (mod && key === "z") actions[event.shiftKey ? "redo" : "undo"]();
    else if (mod && key === "y") actions.redo();
    else if (mod) return;
    else if (key === "b") actions.setTool("brush");
    else if (key === "e") actions.setTool("eraser");
    else if (key === "[") actions.setSize(toolbar.size / 1.2);
    else if (key === "]") actions.setSize(toolbar.size * 1.2);
    else if (key === "0") actions.fit();
    else if (key === "+" || key === "=") actions.zoomIn();
    else if (key === "-") actions.zoomOut();
    else if (key === "m") actions.setShowExact(!toolbar.showExact);
    else if (key === " " && controllerRef.current) controllerRef.current.spaceHeld = true;
    else return;
    event.preventDefault();
  };
  const onKeyUp = (event: React.KeyboardEvent) => {
    if (event.key === " " && controllerRef.current) controllerRef.current.spaceHeld = false;
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && void close()}>
      <Dialog.Portal>
        <Dialog.Content
          className="fixed inset-0 z-50 flex flex-col bg-[#1b1b1e] text-white outline-none"
          onKeyDown={onKeyDown}
          onKeyUp={onKeyUp}
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
          <MaskToolbar state={toolbar} actions={actions} />
          <div className="relative min-h-0 flex-1 overflow-hidden">
            {loaded ? null : (
              <div className="absolute inset-0 grid place-items-center text-sm text-white/70" role="status">
                {loadError ?? (
                  <span className="flex items-center gap-2">
                    <Loader2 aria-hidden className="size-4 animate-spin" /> Opening the reference…
                  </span>
                )}
              </div>
            )}
            <canvas
              ref={canvasRef}
              tabIndex={0}
              aria-label={`Mask canvas for ${character.name}. Paint with the brush; B brush, E eraser, [ and ] change the size.`}
              className="absolute inset-0 size-full touch-none outline-none"
              style={{ cursor: "none" }}
              data-testid="mask-canvas"
            />
            <div
              ref={cursorRef}
              aria-hidden
              className="pointer-events-none absolute top-0 left-0 rounded-full border border-white opacity-0 mix-blend-difference"
            />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
