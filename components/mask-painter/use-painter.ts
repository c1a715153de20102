"use client";
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type { DirtyRect, MaskDocument } from "@/lib/mask/mask-document";
import { MAX_BRUSH, MIN_BRUSH, OVERLAY_COLORS, type ToolbarActions, type ToolbarState } from "./mask-toolbar";
import type { RefineOperation } from "@/lib/mask/auto/types";
import type { AutoToolbarState } from "./auto-toolbar";
import { AutoToolRunner } from "./auto-tool-runner";
import { PainterController, type PainterTool } from "./painter-controller";

/**
 * The painter's React side, shared by every dialog that hosts it (a character's mask, a region to
 * fix): the toolbar state, its actions and keys, and one controller per opened document.
 */
export interface PainterSession {
  doc: MaskDocument;
  image: CanvasImageSource;
}

export interface PainterOptions {
  /** Which grey "Mask as sent" shows for painted pixels: see `lib/mask/polarity.ts`. */
  invertPolarity: boolean;
  /** Saves the mask exactly as it will be sent; no Download button without it. */
  download?: () => void;
  /** After every change to the document (a stroke, a shape, undo…). */
  onChange?: () => void;
  /** Once, when the first frame showing the image has been drawn. */
  onFirstFrame?: () => void;
  /** Offer the automatic tools (auto mask, wand, box select, refine): for a character's mask. */
  automatic?: boolean;
}

export interface AutoToolActions {
  autoMask(): void;
  refine(op: RefineOperation): void;
  setTolerance(tolerance: number): void;
  setContiguous(contiguous: boolean): void;
}

export interface Painter {
  toolbar: ToolbarState;
  actions: ToolbarActions;
  /** Absent unless the painter offers the automatic tools. */
  auto?: { state: AutoToolbarState; actions: AutoToolActions };
  /** What `PainterStage` needs: the canvas and cursor it draws into, and the tool for its CSS cursor. */
  stage: { canvasRef: RefObject<HTMLCanvasElement | null>; cursorRef: RefObject<HTMLDivElement | null>; tool: PainterTool };
  onKeyDown: (event: KeyboardEvent) => void;
  onKeyUp: (event: KeyboardEvent) => void;
}

/**
 * Opens what a painter dialog paints on (a decoded image and its document) once, and closes the
 * image's memory when the dialog goes; `error` says why it could not be opened.
 */
export function useOpenedSession<S extends { image: ImageBitmap }>(open: () => Promise<S>, fallbackError: string): { opened: S | null; error: string | null } {
  const [opened, setOpened] = useState<S | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    open().then(
      (result) => (live ? setOpened(result) : result.image.close()),
      (reason: unknown) => live && setError(reason instanceof Error ? reason.message : fallbackError),
    );
    return () => {
      live = false;
    };
    // A dialog paints on one image: it is opened once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => () => opened?.image.close(), [opened]);
  return { opened, error };
}

const TOOL_KEYS: Record<string, PainterTool> = { b: "brush", e: "eraser", r: "rectangle", l: "lasso" };
const AUTO_TOOL_KEYS: Record<string, PainterTool> = { w: "wand", x: "box" };

export function usePainter(session: PainterSession | null, size: { width: number; height: number }, options: PainterOptions): Painter {
  const [toolbar, setToolbar] = useState<ToolbarState>(() => ({
    tool: "brush",
    size: Math.round(Math.max(size.width, size.height) * 0.04),
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
  const runnerRef = useRef<AutoToolRunner | null>(null);
  const [auto, setAuto] = useState<AutoToolbarState>({ tolerance: 32, contiguous: true, busy: null, message: null, applied: 0 });
  const wandOptions = useRef({ tolerance: auto.tolerance, contiguous: auto.contiguous });
  // The callbacks may change every render; the controller and the listener read the latest.
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    const cursor = cursorRef.current;
    if (!session || !canvas || !cursor) return;
    const { doc } = session;
    const controller = new PainterController(
      canvas,
      cursor,
      doc,
      session.image,
      { ...toolbar, invertPolarity: latest.current.invertPolarity },
      (view) => setToolbar((t) => (t.zoom === view.scale ? t : { ...t, zoom: view.scale })),
      () => latest.current.onFirstFrame?.(),
    );
    controllerRef.current = controller;
    if (latest.current.automatic) {
      const runner = new AutoToolRunner(
        doc,
        session.image,
        controller,
        {
          busy: (busy) => setAuto((a) => ({ ...a, busy })),
          applied: () => setAuto((a) => ({ ...a, applied: a.applied + 1 })),
          message: (text, tone) => setAuto((a) => ({ ...a, message: text ? { text, tone } : null })),
        },
        () => wandOptions.current,
      );
      runnerRef.current = controller.autoTools = runner;
    }
    const detach = controller.attach();
    const unsubscribe = doc.onChange(() => {
      setToolbar((t) => ({ ...t, canUndo: doc.canUndo, canRedo: doc.canRedo }));
      latest.current.onChange?.();
    });
    return () => {
      unsubscribe();
      detach();
      runnerRef.current?.stopPreview();
      controllerRef.current = runnerRef.current = null;
    };
    // The controller is created once per document; option changes are pushed to it below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session]);

  const { invertPolarity } = options;
  useEffect(() => {
    controllerRef.current?.setOptions({
      tool: toolbar.tool,
      size: toolbar.size,
      overlayColor: toolbar.overlayColor,
      overlayOpacity: toolbar.overlayOpacity,
      showExact: toolbar.showExact,
      invertPolarity,
    });
    if (toolbar.tool !== "wand") runnerRef.current?.stopPreview();
  }, [toolbar.tool, toolbar.size, toolbar.overlayColor, toolbar.overlayOpacity, toolbar.showExact, invertPolarity]);

  useEffect(() => {
    wandOptions.current = { tolerance: auto.tolerance, contiguous: auto.contiguous };
    runnerRef.current?.refreshPreview();
  }, [auto.tolerance, auto.contiguous]);
  const autoActions: AutoToolActions = {
    autoMask: () => runnerRef.current?.autoMask(),
    refine: (op) => runnerRef.current?.refine(op),
    setTolerance: (tolerance) => setAuto((a) => ({ ...a, tolerance: Math.min(100, Math.max(0, Math.round(tolerance))) })),
    setContiguous: (contiguous) => setAuto((a) => ({ ...a, contiguous })),
  };

  const doc = session?.doc;
  const repaint = (rect: DirtyRect | null) => controllerRef.current?.invalidate(rect);
  const actions: ToolbarActions = {
    setTool: (tool) => setToolbar((t) => ({ ...t, tool })),
    setSize: (value) => setToolbar((t) => ({ ...t, size: Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, Math.round(value))) })),
    setOverlayColor: (overlayColor) => setToolbar((t) => ({ ...t, overlayColor })),
    setOverlayOpacity: (overlayOpacity) => setToolbar((t) => ({ ...t, overlayOpacity })),
    setShowExact: (showExact) => setToolbar((t) => ({ ...t, showExact })),
    undo: () => doc && repaint(doc.undo()),
    redo: () => doc && repaint(doc.redo()),
    clear: () => doc && (doc.clear(), repaint(null)),
    fillAll: () => doc && (doc.fillAll(), repaint(null)),
    invert: () => doc && (doc.invert(), repaint(null)),
    zoomIn: () => controllerRef.current?.zoomBy(1.25),
    zoomOut: () => controllerRef.current?.zoomBy(0.8),
    fit: () => controllerRef.current?.fit(),
    download: options.download,
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    const target = event.target;
    // Typing in a field (a prompt beside the canvas, a slider's value) is not a painter shortcut.
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
    if (mod && key === "z") actions[event.shiftKey ? "redo" : "undo"]();
    else if (mod && key === "y") actions.redo();
    else if (mod) return;
    else if (TOOL_KEYS[key]) actions.setTool(TOOL_KEYS[key]);
    else if (options.automatic && AUTO_TOOL_KEYS[key]) actions.setTool(AUTO_TOOL_KEYS[key]);
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
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key === " " && controllerRef.current) controllerRef.current.spaceHeld = false;
  };

  return {
    toolbar,
    actions,
    auto: options.automatic ? { state: auto, actions: autoActions } : undefined,
    stage: { canvasRef, cursorRef, tool: toolbar.tool },
    onKeyDown,
    onKeyUp,
  };
}
