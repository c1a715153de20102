"use client";
import { clsx } from "clsx";
import { Eraser, Layers, Pencil, Redo2, Slash, Trash, Undo2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { dark, Group, SliderControl, ToolButton, ToolChoice } from "@/components/mask-painter/mask-toolbar";
import { BRUSH, SKETCH_GREYS, type SketchTool } from "@/lib/sketch/stroke";

export interface SketchToolbarState {
  tool: SketchTool;
  color: string;
  size: number;
  onion: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

export interface SketchToolbarActions {
  setTool(tool: SketchTool): void;
  setColor(color: string): void;
  setSize(size: number): void;
  setOnion(on: boolean): void;
  undo(): void;
  redo(): void;
  clear(): void;
}

const TOOLS = [
  ["pencil", "Pencil (P)", Pencil],
  ["line", "Straight line (L, or hold Shift)", Slash],
  ["eraser", "Eraser (E)", Eraser],
] as const;

/** `onionFrom`: the shot whose image can show under the paper, or null when the previous shot has none. */
export function SketchToolbar({ state, actions, onionFrom }: { state: SketchToolbarState; actions: SketchToolbarActions; onionFrom: number | null }) {
  return (
    // Wraps on a phone rather than scrolling, so every tool stays in sight while drawing.
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1 px-3 py-2 text-white sm:flex-nowrap sm:overflow-x-auto sm:[scrollbar-width:thin]" role="toolbar" aria-label="Sketch tools">
      <Group label="Tool">
        <ToolChoice<SketchTool> value={state.tool} tools={TOOLS} onChange={actions.setTool} />
      </Group>
      <Group label="Grey">
        {SKETCH_GREYS.map((grey, i) => (
          <button
            key={grey.value}
            type="button"
            aria-label={grey.label}
            title={`${grey.label} (${i + 1})`}
            aria-pressed={state.color === grey.value}
            onClick={() => actions.setColor(grey.value)}
            className={clsx(
              // The darkest grey is close to the toolbar's own colour: a hairline keeps every swatch visible.
              "size-6 rounded-full border border-white/30 ring-2 ring-offset-2 ring-offset-[#1b1b1e]",
              state.color === grey.value ? "ring-white" : "ring-transparent hover:ring-white/30",
              state.tool === "eraser" && "opacity-40",
            )}
            style={{ background: grey.value }}
          />
        ))}
      </Group>
      <Group label="Brush size">
        <span className="text-xs text-white/70">Size</span>
        <SliderControl label="Brush size" value={state.size} min={BRUSH.min} max={BRUSH.max} step={1} onChange={actions.setSize} />
        <span className="w-10 text-xs tabular-nums" aria-live="polite">
          {state.size} px
        </span>
      </Group>
      <Group label="History">
        <ToolButton label="Undo" title="Undo (Ctrl+Z)" icon={Undo2} onClick={actions.undo} disabled={!state.canUndo} />
        <ToolButton label="Redo" title="Redo (Shift+Ctrl+Z)" icon={Redo2} onClick={actions.redo} disabled={!state.canRedo} />
        <ToolButton label="Clear sketch" title="Clear (undoable)" icon={Trash} onClick={actions.clear} />
      </Group>
      <Group label="Onion skin">
        <Button
          variant="ghost"
          size="sm"
          className={state.onion ? "bg-white text-ink hover:bg-white/90" : dark}
          aria-pressed={state.onion}
          disabled={onionFrom === null}
          onClick={() => actions.setOnion(!state.onion)}
          title={onionFrom === null ? "The previous shot has no image or sketch to show" : `Show shot ${onionFrom} faintly under the paper (O); never saved in the sketch`}
        >
          {/* Icon only on a phone, so the toolbar keeps to two rows; the name stays for assistive technology. */}
          <Layers aria-hidden className="size-4" /> <span className="sr-only sm:not-sr-only">Onion skin</span>
        </Button>
      </Group>
    </div>
  );
}
