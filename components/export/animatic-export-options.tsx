"use client";
import { Clapperboard, Film } from "lucide-react";
import { useMemo } from "react";
import { gifEstimate } from "@/lib/export/animatic-exports";
import { EDL_FPS, type EdlFps } from "@/lib/export/edl";
import { GIF_DEFAULT_WIDTH, GIF_FPS, GIF_WARN_BYTES, GIF_WIDTHS, gifSizeWarning, type GifWidth } from "@/lib/export/gif";
import { formatBytes } from "@/lib/format-bytes";
import type { ExportRequest } from "@/lib/export/run-export";
import { useCastboard } from "@/lib/state/store";

/** The GIF and edit-list entries of the export dialog, and their options. */
export type AnimaticKind = "gif" | "edl";
export interface AnimaticOptions {
  width: GifWidth;
  fps: EdlFps;
}
export const DEFAULT_ANIMATIC_OPTIONS: AnimaticOptions = { width: GIF_DEFAULT_WIDTH, fps: 24 };

export const ANIMATIC_KINDS: { kind: AnimaticKind; label: string; hint: string; icon: typeof Film }[] = [
  { kind: "gif", label: "GIF", hint: "The animatic, small and silent, for chat and email", icon: Film },
  { kind: "edl", label: "Edit list (EDL + media)", hint: "For Resolve or Premiere: a CMX 3600 EDL with the panel images and sound clips, in a ZIP", icon: Clapperboard },
];

export const isAnimaticKind = (kind: string): kind is AnimaticKind => kind === "gif" || kind === "edl";

export function animaticRequest(kind: AnimaticKind, options: AnimaticOptions): ExportRequest {
  return kind === "gif" ? { kind, width: options.width } : { kind, fps: options.fps };
}

const SELECT = "h-9 rounded-md border border-line bg-surface px-2 text-sm";

function NumberChoice<T extends number>({ label, unit, value, choices, disabled, onChange }: { label: string; unit: string; value: T; choices: readonly T[]; disabled: boolean; onChange: (value: T) => void }) {
  return (
    <label className="grid max-w-40 gap-1 text-[13px] font-medium">
      {label}
      <select className={SELECT} value={value} disabled={disabled} onChange={(e) => onChange(Number(e.target.value) as T)}>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice} {unit}
          </option>
        ))}
      </select>
    </label>
  );
}

export function AnimaticExportOptions({ kind, options, onChange, disabled }: { kind: AnimaticKind; options: AnimaticOptions; onChange: (options: AnimaticOptions) => void; disabled: boolean }) {
  const panels = useCastboard((s) => s.panels);
  const clips = panels.filter((p) => p.animatic.clip).length;
  const soundtrack = useCastboard((s) => !!s.projectSettings.animatic.soundtrack);
  const estimate = useMemo(() => (kind === "gif" && panels.length ? gifEstimate(panels, options.width) : null), [kind, panels, options.width]);
  if (kind === "gif") {
    return (
      <div className="grid gap-2" data-testid="gif-options">
        <NumberChoice label="Width" unit="px" value={options.width} choices={GIF_WIDTHS} disabled={disabled} onChange={(width) => onChange({ ...options, width })} />
        {estimate ? (
          <p className="text-xs text-muted" data-testid="gif-estimate">
            {estimate.width} × {estimate.height} at {GIF_FPS} frames a second, looping; {estimate.frames} {estimate.frames === 1 ? "frame" : "frames"} (a still shot is one), roughly{" "}
            {formatBytes(estimate.bytes)}. No sound: GIF has none.
          </p>
        ) : null}
        {estimate && estimate.bytes > GIF_WARN_BYTES ? (
          <p className="rounded-lg bg-amber-50 p-2.5 text-xs text-amber-900 ring-1 ring-amber-200" data-testid="gif-size-warning">
            {gifSizeWarning(estimate.bytes, true)}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="grid gap-2" data-testid="edl-options">
      <NumberChoice label="Frame rate" unit="fps" value={options.fps} choices={EDL_FPS} disabled={disabled} onChange={(fps) => onChange({ ...options, fps })} />
      <p className="text-xs text-muted">
        {panels.length} {panels.length === 1 ? "image" : "images"} (shot-001.png …){clips ? `, ${clips} sound ${clips === 1 ? "clip" : "clips"}` : ""}
        {soundtrack ? ", the soundtrack" : ""} and a README on importing. Set your editor&apos;s project to the same frame rate.
      </p>
    </div>
  );
}
