"use client";
import { MessageSquarePlus, Trash2 } from "lucide-react";
import { useMemo, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { useDurationDraft } from "@/components/animatic/use-duration-draft";
import { FieldErrors, INPUT_CLASS, LABEL_CLASS, TEXTAREA_CLASS } from "@/components/composer/field";
import { Button } from "@/components/ui/button";
import { panelAspect, panelImage } from "@/lib/board/chosen";
import { CAMERA_ANGLES, SHOT_LIMITS, SHOT_SIZES, type DialogueLine, type Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { useBlobUrl } from "@/lib/state/use-blob-url";
import { SpeechBalloons } from "./speech-balloons";

/** What a storyboard artist writes about a shot: framing, action, dialogue (as movable balloons), notes, timing. */
export function ShotFields({ panel }: { panel: Panel }) {
  const { characters, updateShot, addDialogue, updateDialogue, removeDialogue } = useCastboard(
    useShallow((s) => ({
      characters: s.characters,
      updateShot: s.updateShot,
      addDialogue: s.addDialogue,
      updateDialogue: s.updateDialogue,
      removeDialogue: s.removeDialogue,
    })),
  );
  const speakers = useMemo(() => new Map(characters.map((c) => [c.id, c.name])), [characters]);
  const shown = panelImage(panel);
  const url = useBlobUrl(shown?.image.blobId);
  // While a balloon is dragged it moves here only; the store gets one change (one undo step) on drop.
  const [dragging, setDragging] = useState<{ id: string; x: number; y: number } | null>(null);
  const lines: DialogueLine[] = dragging ? panel.shot.dialogue.map((l) => (l.id === dragging.id ? { ...l, ...dragging } : l)) : panel.shot.dialogue;
  const { shot } = panel;
  const duration = useDurationDraft(shot.durationSec, (durationSec) => updateShot(panel.id, { durationSec }));

  return (
    <section aria-label="Shot details" className="flex flex-col gap-3">
      <div className="relative overflow-hidden rounded-lg bg-canvas ring-1 ring-line" style={{ aspectRatio: String(panelAspect(panel)) }} data-testid="shot-preview">
        {url ? (
          // eslint-disable-next-line @next/next/no-img-element -- local object URL
          <img src={url} alt="" className="size-full object-cover" draggable={false} />
        ) : null}
        <SpeechBalloons
          lines={lines}
          speakers={speakers}
          editable
          onMove={(id, x, y) => setDragging({ id, x, y })}
          onMoveEnd={(id, x, y) => {
            setDragging(null);
            updateDialogue(panel.id, id, { x, y }, `move:${id}:${Date.now()}`);
          }}
        />
      </div>
      <div className="grid grid-cols-[1fr_1fr_5.5rem] gap-2">
        <ChoiceSelect label="Shot size" choices={SHOT_SIZES} value={shot.size} onChange={(size) => updateShot(panel.id, { size })} />
        <ChoiceSelect label="Camera angle" choices={CAMERA_ANGLES} value={shot.angle} onChange={(angle) => updateShot(panel.id, { angle })} />
        <label className="grid gap-1">
          <span className={LABEL_CLASS}>Seconds</span>
          <input
            type="number"
            aria-label="Duration in seconds"
            className={INPUT_CLASS + " px-2"}
            min={SHOT_LIMITS.duration.min}
            max={SHOT_LIMITS.duration.max}
            step={SHOT_LIMITS.duration.step}
            aria-describedby={duration.error ? `duration-error-${panel.id}` : undefined}
            {...duration.inputProps}
          />
        </label>
      </div>
      <FieldErrors id={`duration-error-${panel.id}`} errors={duration.error ? [duration.error] : []} />
      <label className="grid gap-1">
        <span className={LABEL_CLASS}>Action / caption</span>
        <textarea
          rows={2}
          maxLength={SHOT_LIMITS.caption}
          className={TEXTAREA_CLASS}
          value={shot.caption}
          placeholder="What happens in this shot"
          onChange={(e) => updateShot(panel.id, { caption: e.target.value })}
        />
      </label>
      <fieldset className="grid gap-2">
        <legend className={LABEL_CLASS + " mb-1"}>Dialogue</legend>
        {shot.dialogue.length === 0 ? <p className="text-xs text-muted">No lines yet. A line shows as a speech balloon you can drag on the image.</p> : null}
        {shot.dialogue.map((line, i) => (
          <div key={line.id} className="grid grid-cols-[7.5rem_1fr_auto] items-start gap-1.5" data-testid="dialogue-line">
            <select
              aria-label={`Speaker of line ${i + 1}`}
              className={INPUT_CLASS + " px-2"}
              value={line.speakerId ?? ""}
              onChange={(e) => updateDialogue(panel.id, line.id, { speakerId: e.target.value || null })}
            >
              <option value="">Narrator / other</option>
              {characters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <input
              aria-label={`Line ${i + 1}`}
              className={INPUT_CLASS}
              maxLength={SHOT_LIMITS.line}
              value={line.text}
              placeholder="What they say"
              onChange={(e) => updateDialogue(panel.id, line.id, { text: e.target.value })}
            />
            <Button variant="ghost" size="icon" aria-label={`Delete line ${i + 1}`} onClick={() => removeDialogue(panel.id, line.id)}>
              <Trash2 aria-hidden className="size-4" />
            </Button>
          </div>
        ))}
        <Button
          size="sm"
          className="justify-self-start"
          disabled={shot.dialogue.length >= SHOT_LIMITS.lines}
          onClick={() => addDialogue(panel.id, panel.recipe.characterId ?? characters[0]?.id ?? null)}
        >
          <MessageSquarePlus aria-hidden className="size-4" /> Add line
        </Button>
      </fieldset>
      <label className="grid gap-1">
        <span className={LABEL_CLASS}>Notes</span>
        <textarea
          rows={2}
          maxLength={SHOT_LIMITS.notes}
          className={TEXTAREA_CLASS}
          value={shot.notes}
          placeholder="Camera move, sound, transitions, anything for the crew"
          onChange={(e) => updateShot(panel.id, { notes: e.target.value })}
        />
      </label>
    </section>
  );
}

/** A labelled select over a value → label map, with "—" for none. */
function ChoiceSelect<K extends string>({ label, choices, value, onChange }: { label: string; choices: Record<K, string>; value: K | null; onChange: (value: K | null) => void }) {
  return (
    <label className="grid gap-1">
      <span className={LABEL_CLASS}>{label}</span>
      <select className={INPUT_CLASS + " px-2"} value={value ?? ""} onChange={(e) => onChange((e.target.value || null) as K | null)}>
        <option value="">—</option>
        {(Object.entries(choices) as [K, string][]).map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
