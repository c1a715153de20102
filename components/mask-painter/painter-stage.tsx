"use client";
import { Loader2 } from "lucide-react";
import { aimsWithCrosshair } from "./painter-controller";
import type { Painter } from "./use-painter";

/**
 * The painter's canvas and brush cursor, with what shows until the image is open: a spinner and
 * `loading`, or `error` when it could not be opened.
 */
export function PainterStage({
  canvasRef,
  cursorRef,
  tool,
  ready,
  loading,
  error,
  label,
}: Painter["stage"] & { ready: boolean; loading: string; error: string | null; label: string }) {
  return (
    <div className="relative min-h-0 flex-1 overflow-hidden">
      {ready ? null : (
        <div className="absolute inset-0 grid place-items-center p-6 text-center text-sm text-white/70" role={error ? "alert" : "status"}>
          {error ?? (
            <span className="flex items-center gap-2">
              <Loader2 aria-hidden className="size-4 animate-spin" /> {loading}
            </span>
          )}
        </div>
      )}
      <canvas
        ref={canvasRef}
        tabIndex={0}
        aria-label={label}
        className="absolute inset-0 size-full touch-none outline-none"
        style={{ cursor: aimsWithCrosshair(tool) ? "crosshair" : "none" }}
        data-testid="mask-canvas"
      />
      <div
        ref={cursorRef}
        aria-hidden
        className="pointer-events-none absolute top-0 left-0 rounded-full border border-white opacity-0 mix-blend-difference"
      />
    </div>
  );
}
