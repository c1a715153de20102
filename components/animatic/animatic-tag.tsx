import { Clapperboard } from "lucide-react";
import { CAMERA_MOVES, TRANSITIONS } from "@/lib/state/animatic-schema";
import type { Panel } from "@/lib/state/panel-schema";

/** "Push in · Crossfade": what the panel does in the animatic beyond holding and cutting, or null. */
export function animaticSummary(panel: Panel, last: boolean): { short: string; spoken: string } | null {
  const { move, transition } = panel.animatic;
  const parts: string[] = [];
  const spoken: string[] = [];
  if (move.kind !== "none") {
    parts.push(move.kind === "custom" ? "Drawn move" : CAMERA_MOVES[move.kind]);
    spoken.push(move.kind === "custom" ? "a camera move between drawn frames" : `camera move ${CAMERA_MOVES[move.kind].toLowerCase()}`);
  }
  if (transition.kind !== "cut" && !last) {
    parts.push(TRANSITIONS[transition.kind]);
    spoken.push(`${TRANSITIONS[transition.kind].toLowerCase()} of ${transition.durationSec} ${transition.durationSec === 1 ? "second" : "seconds"} into the next shot`);
  }
  return parts.length ? { short: parts.join(" · "), spoken: `Animatic: ${spoken.join(", ")}` } : null;
}

/** The quiet line on a panel card saying how it moves and leaves in the animatic. */
export function AnimaticTag({ panel, last }: { panel: Panel; last: boolean }) {
  const summary = animaticSummary(panel, last);
  if (!summary) return null;
  return (
    <span className="flex min-w-0 items-center gap-1 text-[11px] text-muted" data-testid="animatic-tag" title={summary.spoken}>
      <Clapperboard aria-hidden className="size-3 shrink-0" />
      <span aria-hidden className="truncate">
        {summary.short}
      </span>
      <span className="sr-only">{summary.spoken}</span>
    </span>
  );
}
