"use client";
import { useEffect, useRef, type RefObject } from "react";
import { SpeechBalloons } from "@/components/board/speech-balloons";
import { containedBox, layerVisibility } from "@/lib/animatic/playback";
import type { FrameState } from "@/lib/animatic/timeline";
import { panelAspect } from "@/lib/board/chosen";
import type { Panel } from "@/lib/state/panel-schema";

const pct = (v: number) => `${v * 100}%`;

/**
 * The animatic's picture: a canvas at the board's shape, drawn by the presentation's clock, with
 * each showing panel's dialogue balloons over it. Balloons keep the frame's coordinates, as on the
 * board (the camera moves over the picture, not over the words), and fade with their panel.
 */
export function AnimaticStage({
  panels,
  aspect,
  state,
  speakers,
  canvasRef,
  stageRef,
  onResize,
  loading,
}: {
  panels: readonly Panel[];
  aspect: number;
  /** The frame at the shown time (a tenth of a second at most behind the canvas). */
  state: FrameState;
  speakers: Map<string, string>;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  stageRef: RefObject<HTMLDivElement | null>;
  /** The canvas's backing store was resized: draw again. */
  onResize: (canvas: HTMLCanvasElement) => void;
  loading: boolean;
}) {
  const resized = useRef(onResize);
  useEffect(() => {
    resized.current = onResize;
  });
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => {
      const { width, height } = canvas.getBoundingClientRect();
      const scale = Math.min(2, window.devicePixelRatio || 1);
      const w = Math.max(1, Math.round(width * scale));
      const h = Math.max(1, Math.round(height * scale));
      if (canvas.width === w && canvas.height === h) return;
      canvas.width = w;
      canvas.height = h;
      resized.current(canvas);
    });
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [canvasRef]);

  return (
    <div ref={stageRef} className="relative" style={{ aspectRatio: String(aspect), width: `min(100cqw, ${aspect * 100}cqh)` }} data-testid="presentation-stage">
      <canvas
        ref={canvasRef}
        className="absolute inset-0 size-full bg-black"
        data-testid="presentation-canvas"
        role="img"
        aria-label={state.layers.map((l) => panels[l.panel]?.shot.caption || `Shot ${l.panel + 1}`).join(", then ")}
      />
      {loading ? <p className="absolute inset-0 grid place-items-center text-sm text-white/50">Loading the pictures…</p> : null}
      {layerVisibility(state).map(({ panel: index, visible }) => {
        const panel = panels[index];
        if (!panel || visible <= 0.01 || !panel.shot.dialogue.some((l) => l.text.trim())) return null;
        const box = containedBox(panelAspect(panel), aspect);
        return (
          <div
            key={panel.id}
            className="pointer-events-none absolute transition-opacity duration-100"
            style={{ left: pct(box.left), top: pct(box.top), width: pct(box.width), height: pct(box.height), opacity: visible }}
          >
            <SpeechBalloons lines={panel.shot.dialogue} speakers={speakers} />
          </div>
        );
      })}
    </div>
  );
}
