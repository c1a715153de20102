"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import { AlertTriangle, Check, Loader2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { dark } from "@/components/mask-painter/mask-toolbar";
import { Button } from "@/components/ui/button";
import { panelImageSize } from "@/lib/board/chosen";
import { openPanelSketch, savePanelSketch, sketchSaveFailure } from "@/lib/sketch/panel-sketch";
import { SketchDocument } from "@/lib/sketch/sketch-document";
import { BRUSH, clampBrush, SKETCH_GREYS } from "@/lib/sketch/stroke";
import type { Panel } from "@/lib/state/panel-schema";
import { SketchController } from "./sketch-controller";
import { SketchToolbar, type SketchToolbarActions, type SketchToolbarState } from "./sketch-toolbar";

/** The image that can show faintly under the paper: the previous shot's, by object URL. */
export interface OnionSkin {
  url: string;
  shot: number;
}

type Phase = { kind: "opening" } | { kind: "ready" } | { kind: "failed"; message: string };

/** A full-screen drawing surface for one panel's sketch; Save stores it, Cancel leaves the panel as it was. */
export function SketchEditor({ panel, number, onion, onClose }: { panel: Panel; number: number; onion: OnionSkin | null; onClose: () => void }) {
  const { width, height } = panelImageSize(panel);
  // State, not a ref: the dialog's portal mounts its content a render after the dialog itself.
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const cursorRef = useRef<HTMLDivElement>(null);
  const docRef = useRef<SketchDocument | null>(null);
  const controllerRef = useRef<SketchController | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "opening" });
  const [toolbar, setToolbar] = useState<SketchToolbarState>({ tool: "pencil", color: SKETCH_GREYS[0].value, size: BRUSH.default, onion: false, canUndo: false, canRedo: false });
  // Any change since the sketch opened (undone or not) counts: closing then asks before discarding it.
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);

  useEffect(() => {
    const overlay = overlayRef.current;
    const cursor = cursorRef.current;
    if (!canvas || !overlay || !cursor) return;
    let live = true;
    const doc = new SketchDocument(canvas, width, height);
    const controller = new SketchController(doc, overlay, cursor, { tool: toolbar.tool, color: toolbar.color, size: toolbar.size });
    docRef.current = doc;
    controllerRef.current = controller;
    const unsubscribe = doc.onChange(() => {
      setToolbar((t) => ({ ...t, canUndo: doc.canUndo, canRedo: doc.canRedo }));
      setDirty(doc.changes > 0);
    });
    let detach = () => {};
    openPanelSketch(panel).then(
      (bitmap) => {
        if (!live) return bitmap?.close();
        if (bitmap) doc.load(bitmap);
        bitmap?.close();
        detach = controller.attach();
        setPhase({ kind: "ready" });
        canvas.focus({ preventScroll: true });
      },
      (error: unknown) => live && setPhase({ kind: "failed", message: error instanceof Error ? error.message : "The sketch could not be opened." }),
    );
    return () => {
      live = false;
      unsubscribe();
      detach();
      docRef.current = controllerRef.current = null;
    };
    // One document per opening: the panel's later changes (this sketch saved) must not reset the paper.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canvas, panel.id]);

  useEffect(() => {
    controllerRef.current?.setOptions({ tool: toolbar.tool, color: toolbar.color, size: toolbar.size });
  }, [toolbar.tool, toolbar.color, toolbar.size]);

  const save = async () => {
    const doc = docRef.current;
    if (!doc || saving) return;
    setSaving(true);
    setSaveError(null);
    try {
      await savePanelSketch(panel.id, doc);
      toast(`Sketch saved to shot ${number}`, { duration: 2500 });
      onClose();
    } catch (error) {
      setSaveError(sketchSaveFailure(error));
    } finally {
      setSaving(false);
    }
  };
  const requestClose = () => {
    if (confirmDiscard) setConfirmDiscard(false);
    else if (dirty && !saving) setConfirmDiscard(true);
    else if (!saving) onClose();
  };

  // Undo and clear wait for a stroke in progress to end, so history never splits one.
  const whenIdle = (action: (doc: SketchDocument) => void) => {
    const doc = docRef.current;
    if (doc && !controllerRef.current?.busy) action(doc);
  };
  const actions: SketchToolbarActions = {
    setTool: (tool) => setToolbar((t) => ({ ...t, tool })),
    setColor: (color) => setToolbar((t) => ({ ...t, color, tool: t.tool === "eraser" ? "pencil" : t.tool })),
    setSize: (size) => setToolbar((t) => ({ ...t, size: clampBrush(size) })),
    setOnion: (on) => setToolbar((t) => ({ ...t, onion: on && !!onion })),
    undo: () => whenIdle((doc) => doc.undo()),
    redo: () => whenIdle((doc) => doc.redo()),
    clear: () => whenIdle((doc) => doc.clear()),
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (event.target instanceof HTMLInputElement || phase.kind !== "ready") return;
    if (mod && key === "z") actions[event.shiftKey ? "redo" : "undo"]();
    else if (mod && key === "y") actions.redo();
    else if (mod && key === "s") void save();
    else if (mod || event.altKey) return;
    else if (key === "p" || key === "b") actions.setTool("pencil");
    else if (key === "e") actions.setTool("eraser");
    else if (key === "l") actions.setTool("line");
    else if (key === "[") actions.setSize(toolbar.size / 1.25 - 0.5);
    else if (key === "]") actions.setSize(toolbar.size * 1.25 + 0.5);
    else if (key === "o") actions.setOnion(!toolbar.onion);
    else if (/^[1-4]$/.test(key)) actions.setColor(SKETCH_GREYS[Number(key) - 1]!.value);
    else return;
    event.preventDefault();
  };

  const aspect = width / height;
  return (
    <Dialog.Root open onOpenChange={(open) => !open && requestClose()}>
      <Dialog.Portal>
        <Dialog.Content
          className="fixed inset-0 z-50 flex flex-col bg-[#1b1b1e] text-white outline-none"
          onKeyDown={onKeyDown}
          // The keys work from the start (focus is in the dialog); the canvas takes focus once the paper is ready.
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            (event.currentTarget as HTMLElement | null)?.focus();
          }}
          aria-describedby="sketch-help"
          data-testid="sketch-editor"
        >
          <div className="flex items-center justify-between gap-3 border-b border-white/10 px-3 py-2">
            <div className="min-w-0">
              <Dialog.Title className="truncate text-sm font-semibold">Sketch · Shot {number}</Dialog.Title>
              <p id="sketch-help" className="hidden text-xs text-white/60 sm:block">
                Block the shot in greys. Hold Shift for a straight line; P pencil, E eraser, L line, 1–4 greys, [ and ] size.
              </p>
            </div>
            <div className="flex items-center gap-2">
              <span className="hidden text-xs text-white/60 sm:inline" role="status" data-testid="sketch-state">
                {saving ? "Saving…" : dirty ? "Unsaved changes" : panel.sketch ? "Saved" : ""}
              </span>
              <Button variant="ghost" className={dark} onClick={requestClose} disabled={saving}>
                Cancel
              </Button>
              <Button variant="inverse" onClick={() => void save()} disabled={saving || phase.kind !== "ready" || !dirty}>
                {saving ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <Check aria-hidden className="size-4" />} Save sketch
              </Button>
            </div>
          </div>
          {saveError ? (
            <p role="alert" className="flex items-start gap-2 bg-red-950/70 px-4 py-2 text-[13px] text-red-100" data-testid="sketch-save-error">
              <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" /> {saveError}
            </p>
          ) : null}
          {confirmDiscard ? (
            <div role="alert" className="flex flex-wrap items-center gap-3 bg-amber-950/70 px-4 py-2 text-[13px] text-amber-50">
              Close without saving? Your strokes since the last save will be lost.
              <span className="flex gap-2">
                <Button size="sm" variant="inverse" autoFocus onClick={() => setConfirmDiscard(false)}>
                  Keep drawing
                </Button>
                <Button size="sm" variant="ghost" className={clsx(dark, "ring-1 ring-white/30")} onClick={onClose}>
                  Discard changes
                </Button>
              </span>
            </div>
          ) : null}
          <SketchToolbar state={toolbar} actions={actions} onionFrom={onion?.shot ?? null} />
          <div className="grid min-h-0 flex-1 place-items-center p-3 [container-type:size] sm:p-6">
            <div className="relative isolate bg-white shadow-2xl" style={{ aspectRatio: String(aspect), width: `min(100cqw, ${aspect * 100}cqh)` }}>
              {onion && toolbar.onion ? (
                // eslint-disable-next-line @next/next/no-img-element -- local object URL
                <img src={onion.url} alt="" aria-hidden className="absolute inset-0 size-full object-cover opacity-30" data-testid="onion-skin" />
              ) : null}
              {/* Multiply lets the onion skin show through the white paper, and only on screen: the PNG is the canvas alone. */}
              <canvas
                ref={setCanvas}
                tabIndex={0}
                aria-label={`Sketch canvas for shot ${number}. Draw with a mouse, pen or finger; P pencil, E eraser, L line.`}
                className="absolute inset-0 size-full touch-none mix-blend-multiply focus-visible:outline-white/40!"
                style={{ cursor: "none" }}
                data-testid="sketch-canvas"
              />
              <canvas ref={overlayRef} aria-hidden className="pointer-events-none absolute inset-0 size-full" />
              <div ref={cursorRef} aria-hidden className="pointer-events-none absolute top-0 left-0 rounded-full border border-white opacity-0 mix-blend-difference" />
              {phase.kind !== "ready" ? (
                <div className="absolute inset-0 grid place-items-center bg-[#1b1b1e]/80 text-sm text-white/80" role="status">
                  {phase.kind === "failed" ? (
                    phase.message
                  ) : (
                    <span className="flex items-center gap-2">
                      <Loader2 aria-hidden className="size-4 animate-spin" /> Opening the sketch…
                    </span>
                  )}
                </div>
              ) : null}
            </div>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
