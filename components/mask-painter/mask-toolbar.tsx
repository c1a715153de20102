"use client";
import * as Slider from "@radix-ui/react-slider";
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { clsx } from "clsx";
import { Brush, Download, Eraser, Eye, FlipHorizontal2, Lasso, Maximize, Minus, PaintBucket, Plus, Redo2, SquareDashed, ScanFace, Trash, Undo2, Wand2, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { AutoToolbar } from "./auto-toolbar";
import type { PainterTool } from "./painter-controller";
import type { Painter } from "./use-painter";

export const OVERLAY_COLORS = [
  { value: "#2563eb", label: "Blue" },
  { value: "#16a34a", label: "Green" },
  { value: "#dc2626", label: "Red" },
  { value: "#9333ea", label: "Purple" },
  { value: "#f59e0b", label: "Amber" },
] as const;

export const MIN_BRUSH = 2;
export const MAX_BRUSH = 600;

export interface ToolbarState {
  tool: PainterTool;
  size: number;
  overlayColor: string;
  overlayOpacity: number;
  showExact: boolean;
  canUndo: boolean;
  canRedo: boolean;
  zoom: number;
}

export interface ToolbarActions {
  setTool(tool: PainterTool): void;
  setSize(size: number): void;
  setOverlayColor(color: string): void;
  setOverlayOpacity(opacity: number): void;
  setShowExact(show: boolean): void;
  undo(): void;
  redo(): void;
  clear(): void;
  fillAll(): void;
  invert(): void;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  /** Absent where the mask is not the thing kept (a region to fix is sent, not saved). */
  download?: () => void;
}

const TOOLS: readonly (readonly [PainterTool, string, LucideIcon, string?])[] = [
  ["brush", "Brush (B)", Brush],
  ["eraser", "Eraser (E)", Eraser],
  ["rectangle", "Rectangle (R)", SquareDashed, "Rectangle (R): drag to fill a box; Alt-drag clears it"],
  ["lasso", "Lasso (L)", Lasso, "Lasso (L): draw round an area to fill it; Alt-drag clears it"],
];

const AUTO_TOOLS: typeof TOOLS = [
  ["wand", "Magic wand (W)", Wand2, "Magic wand (W): click adds a region of similar colour; Alt-click removes it"],
  ["box", "Box select (X)", ScanFace, "Box select (X): drag a box round the character to mask it automatically"],
];

/** A labelled run of controls in a dark editor toolbar (the mask painter's, the sketch editor's). */
export function Group({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="group" aria-label={label} className="flex shrink-0 items-center gap-1 border-r border-white/10 pr-2 last:border-r-0">
      {children}
    </div>
  );
}

export const dark = "text-white hover:bg-white/10 disabled:text-white/30";

export function ToolButton({ label, title, icon: Icon, onClick, disabled }: { label: string; title: string; icon: LucideIcon; onClick: () => void; disabled?: boolean }) {
  return (
    <Button variant="ghost" size="icon" className={dark} onClick={onClick} disabled={disabled} aria-label={label} title={title}>
      <Icon aria-hidden className="size-4" />
    </Button>
  );
}

/** The editor's drawing tools: one chosen at a time, each an icon named with its shortcut. */
export function ToolChoice<T extends string>({ value, tools, onChange }: { value: T; tools: readonly (readonly [T, string, LucideIcon, string?])[]; onChange: (tool: T) => void }) {
  return (
    <ToggleGroup.Root type="single" value={value} onValueChange={(v) => v && onChange(v as T)} className="flex gap-1" aria-label="Tool">
      {tools.map(([tool, label, Icon, hint]) => (
        <ToggleGroup.Item
          key={tool}
          value={tool}
          aria-label={label}
          title={hint ?? label}
          className="grid size-9 place-items-center rounded-md text-white hover:bg-white/10 data-[state=on]:bg-white data-[state=on]:text-ink"
        >
          <Icon aria-hidden className="size-4" />
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}

export function SliderControl({ label, value, min, max, step, onChange }: { label: string; value: number; min: number; max: number; step: number; onChange: (v: number) => void }) {
  return (
    <Slider.Root className="relative flex h-8 w-24 touch-none items-center select-none" value={[value]} min={min} max={max} step={step} onValueChange={([v]) => onChange(v!)}>
      <Slider.Track className="relative h-1 grow rounded-full bg-white/20">
        <Slider.Range className="absolute h-full rounded-full bg-white/70" />
      </Slider.Track>
      <Slider.Thumb aria-label={label} className="block size-4 rounded-full bg-white shadow ring-2 ring-black/20 focus-visible:outline-2 focus-visible:outline-orange-400" />
    </Slider.Root>
  );
}

export function MaskToolbar({ state, actions, auto }: { state: ToolbarState; actions: ToolbarActions; auto?: Painter["auto"] }) {
  return (
    <div className="flex items-center gap-2 overflow-x-auto px-3 py-2 text-white [scrollbar-width:thin]" role="toolbar" aria-label="Mask tools">
      <Group label="Tool">
        <ToolChoice<PainterTool> value={state.tool} onChange={actions.setTool} tools={auto ? [...TOOLS, ...AUTO_TOOLS] : TOOLS} />
      </Group>
      {auto ? <AutoToolbar tool={state.tool} state={auto.state} actions={auto.actions} /> : null}
      {state.tool === "wand" || state.tool === "box" ? null : (
        <Group label="Brush size">
          <span className="text-xs text-white/70">Size</span>
          <SliderControl label="Brush size" value={state.size} min={MIN_BRUSH} max={MAX_BRUSH} step={1} onChange={actions.setSize} />
          <span className="w-12 text-xs tabular-nums" aria-live="polite">
            {Math.round(state.size)} px
          </span>
        </Group>
      )}
      <Group label="History">
        <ToolButton label="Undo" title="Undo (Ctrl+Z)" icon={Undo2} onClick={actions.undo} disabled={!state.canUndo} />
        <ToolButton label="Redo" title="Redo (Shift+Ctrl+Z)" icon={Redo2} onClick={actions.redo} disabled={!state.canRedo} />
      </Group>
      <Group label="Whole mask">
        <ToolButton label="Clear mask" title="Clear" icon={Trash} onClick={actions.clear} />
        <ToolButton label="Fill all" title="Fill all" icon={PaintBucket} onClick={actions.fillAll} />
        <ToolButton label="Invert mask" title="Invert" icon={FlipHorizontal2} onClick={actions.invert} />
      </Group>
      <Group label="Overlay">
        {OVERLAY_COLORS.map((color) => (
          <button
            key={color.value}
            type="button"
            aria-label={`${color.label} overlay`}
            aria-pressed={state.overlayColor === color.value}
            onClick={() => actions.setOverlayColor(color.value)}
            className={clsx("size-6 rounded-full ring-2 ring-offset-2 ring-offset-[#1b1b1e]", state.overlayColor === color.value ? "ring-white" : "ring-transparent")}
            style={{ background: color.value }}
          />
        ))}
        <SliderControl label="Overlay opacity" value={state.overlayOpacity} min={0.1} max={1} step={0.05} onChange={actions.setOverlayOpacity} />
      </Group>
      <Group label="Preview">
        <Button
          variant="ghost"
          size="sm"
          className={clsx(dark, state.showExact && "bg-white text-ink hover:bg-white")}
          aria-pressed={state.showExact}
          onClick={() => actions.setShowExact(!state.showExact)}
          title="Show exactly the mask that will be sent (M)"
        >
          <Eye aria-hidden className="size-4" /> Mask as sent
        </Button>
      </Group>
      <Group label="Zoom">
        <ToolButton label="Zoom out" title="Zoom out (−)" icon={Minus} onClick={actions.zoomOut} />
        <span className="w-12 text-center text-xs tabular-nums" data-testid="zoom-level">
          {Math.round(state.zoom * 100)}%
        </span>
        <ToolButton label="Zoom in" title="Zoom in (+)" icon={Plus} onClick={actions.zoomIn} />
        <ToolButton label="Fit to screen" title="Fit to screen (0)" icon={Maximize} onClick={actions.fit} />
      </Group>
      {actions.download ? (
        <Group label="Export">
          <Button variant="ghost" size="sm" className={dark} onClick={actions.download} title="Download the mask PNG exactly as it will be sent">
            <Download aria-hidden className="size-4" /> Download PNG
          </Button>
        </Group>
      ) : null}
    </div>
  );
}
