"use client";
import { Clapperboard } from "lucide-react";
import { useId } from "react";
import { LABEL_CLASS, INPUT_CLASS } from "@/components/composer/field";
import { customFramesFrom } from "@/lib/animatic/frame-rect-edit";
import { CAMERA_MOVES, TRANSITION_LIMITS, TRANSITIONS, type CameraMoveKind, type TransitionKind } from "@/lib/state/animatic-schema";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { FrameEditor } from "./frame-editor";
import { MovePreview } from "./move-preview";

/**
 * How the panel plays in the animatic: its camera move (a preset, or start and end frames drawn on
 * the image), a preview of it, and the transition into the next shot.
 */
export function AnimaticSection({ panel, number }: { panel: Panel; number: number }) {
  const setPanelAnimatic = useCastboard((s) => s.setPanelAnimatic);
  const isLast = useCastboard((s) => s.panels.at(-1)?.id === panel.id);
  const ids = useId();
  const { move, transition } = panel.animatic;
  // Each choice in a select is its own undo step, even when made in quick succession.
  const step = (what: string) => `${what}:${panel.id}:${Date.now()}`;

  const chooseMove = (kind: CameraMoveKind) => {
    const next = kind === "custom" ? { kind, ...customFramesFrom(move) } : { kind };
    setPanelAnimatic(panel.id, { move: next }, step("move"));
  };

  return (
    <section aria-labelledby={`${ids}-heading`} className="flex flex-col gap-3 border-t border-line pt-4" data-testid="animatic-section">
      <h3 id={`${ids}-heading`} className="flex items-center gap-1.5 text-sm font-semibold">
        <Clapperboard aria-hidden className="size-4" /> Animatic
      </h3>
      <p className="-mt-1 text-xs leading-snug text-muted">
        Shot {number} plays for its Seconds above. Presentation and the video play the move over the whole shot and the transition across the cut.
      </p>
      <div className="grid gap-1">
        <label htmlFor={`${ids}-move`} className={LABEL_CLASS}>
          Camera move
        </label>
        <select id={`${ids}-move`} className={INPUT_CLASS + " px-2"} value={move.kind} onChange={(e) => chooseMove(e.target.value as CameraMoveKind)}>
          <Options choices={CAMERA_MOVES} />
        </select>
      </div>
      {move.kind === "custom" && move.from && move.to ? <FrameEditor panel={panel} from={move.from} to={move.to} /> : null}
      {move.kind !== "none" ? <MovePreview panel={panel} /> : null}
      {isLast ? (
        <p className="text-[13px] text-muted" data-testid="last-shot-transition">
          Last shot: nothing to transition into.
        </p>
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] items-end gap-2">
          <div className="grid gap-1">
            <label htmlFor={`${ids}-transition`} className={LABEL_CLASS}>
              Transition into shot {number + 1}
            </label>
            <select
              id={`${ids}-transition`}
              className={INPUT_CLASS + " px-2"}
              value={transition.kind}
              onChange={(e) => setPanelAnimatic(panel.id, { transition: { ...transition, kind: e.target.value as TransitionKind } }, step("transition"))}
            >
              <Options choices={TRANSITIONS} />
            </select>
          </div>
          <div className="grid gap-1">
            <label htmlFor={`${ids}-length`} className={LABEL_CLASS}>
              Length <output htmlFor={`${ids}-length`} className="font-normal text-muted tabular-nums">{transition.kind === "cut" ? "" : `${transition.durationSec.toFixed(1)} s`}</output>
            </label>
            <input
              id={`${ids}-length`}
              type="range"
              aria-label="Transition length in seconds"
              aria-valuetext={`${transition.durationSec.toFixed(1)} seconds`}
              min={TRANSITION_LIMITS.min}
              max={TRANSITION_LIMITS.max}
              step={TRANSITION_LIMITS.step}
              value={transition.durationSec}
              disabled={transition.kind === "cut"}
              className="h-9 w-full accent-ink disabled:opacity-40"
              // Dragging the slider is one undo step.
              onChange={(e) => setPanelAnimatic(panel.id, { transition: { ...transition, durationSec: Number(e.target.value) } }, `transition-length:${panel.id}`)}
            />
          </div>
          {transition.kind !== "cut" ? (
            <p className="col-span-2 text-xs leading-snug text-muted">Centred on the cut; never longer than half of either shot.</p>
          ) : null}
        </div>
      )}
    </section>
  );
}

function Options({ choices }: { choices: Record<string, string> }) {
  return Object.entries(choices).map(([key, text]) => (
    <option key={key} value={key}>
      {text}
    </option>
  ));
}
