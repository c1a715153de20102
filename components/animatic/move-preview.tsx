"use client";
import { Play, Square } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { timelinePanels } from "@/lib/animatic/frame-sources";
import { drawFrame, frameAt, type TimelinePanel } from "@/lib/animatic/timeline";
import { panelAspect } from "@/lib/board/chosen";
import type { Panel } from "@/lib/state/panel-schema";
import { useFrameSources } from "./use-frame-sources";
import { usePrefersReducedMotion } from "./use-reduced-motion";

const WIDTH = 320;

/**
 * The panel's camera move played on a small canvas by the same frameAt and drawFrame as the
 * presentation and the video, so the preview is the result. It plays once when the move changes,
 * unless the system asks for reduced motion; Play replays it.
 */
export function MovePreview({ panel }: { panel: Panel }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const panels = useMemo(() => [panel], [panel]);
  const loaded = useFrameSources(panels);
  const reduced = usePrefersReducedMotion();
  const [playing, setPlaying] = useState(false);
  // Alone, the panel plays its move for its duration and cuts to nothing after it.
  const timeline: TimelinePanel[] = useMemo(() => timelinePanels([panel]).map((p) => ({ ...p, transition: { kind: "cut", durationSec: p.transition.durationSec } })), [panel]);
  const height = Math.round(WIDTH / panelAspect(panel));
  const moveKey = JSON.stringify(panel.animatic.move);

  // A changed move plays once; merely selecting another panel does not.
  const [seen, setSeen] = useState({ id: panel.id, moveKey });
  if (seen.id !== panel.id || seen.moveKey !== moveKey) {
    setSeen({ id: panel.id, moveKey });
    if (seen.id === panel.id && !reduced && panel.animatic.move.kind !== "none") setPlaying(true);
    else if (seen.id !== panel.id) setPlaying(false);
  }

  useEffect(() => {
    const ctx = canvasRef.current?.getContext("2d");
    if (!ctx || !loaded) return;
    const duration = timeline[0]!.durationSec;
    const draw = (t: number) => drawFrame(ctx, frameAt(timeline, Math.min(t, duration - 1e-6)), loaded.sources, WIDTH, height);
    if (!playing) {
      draw(0);
      return;
    }
    const start = performance.now();
    let frame = requestAnimationFrame(function tick(now) {
      const t = (now - start) / 1000;
      draw(t);
      if (t < duration) frame = requestAnimationFrame(tick);
      else setPlaying(false);
    });
    return () => cancelAnimationFrame(frame);
  }, [loaded, playing, timeline, height]);

  return (
    <div className="flex items-center gap-3">
      <canvas
        ref={canvasRef}
        width={WIDTH}
        height={height}
        className="w-40 shrink-0 rounded-md bg-black ring-1 ring-line"
        role="img"
        aria-label={`Preview of the shot's move over ${panel.shot.durationSec} seconds`}
        data-testid="move-preview"
        data-playing={playing ? "true" : "false"}
      />
      <div className="flex flex-col items-start gap-1.5">
        <Button size="sm" onClick={() => setPlaying(!playing)} disabled={!loaded}>
          {playing ? <Square aria-hidden className="size-3.5" /> : <Play aria-hidden className="size-3.5" />}
          {playing ? "Stop preview" : "Play preview"}
        </Button>
        <p className="text-xs leading-snug text-muted">Plays over the shot&apos;s {panel.shot.durationSec} s, as in presentation and the video.</p>
      </div>
    </div>
  );
}
