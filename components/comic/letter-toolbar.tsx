"use client";
import { clsx } from "clsx";
import { Cloud, Hash, MessageCircle, Minus, Plus, RectangleHorizontal, Trash2, TriangleAlert, Zap } from "lucide-react";
import { useShallow } from "zustand/react/shallow";
import type { LetterKind } from "@/lib/comic/comic-schema";
import { LETTER_SCALE } from "@/lib/comic/letter-edits";
import { Button } from "@/components/ui/button";
import { addLetterTo, deleteLetter, resizeLetter } from "./lettering-actions";
import { useLettering } from "./lettering-state";

const KINDS: { kind: LetterKind; label: string; Icon: typeof Cloud }[] = [
  { kind: "speech", label: "Speech", Icon: MessageCircle },
  { kind: "thought", label: "Thought", Icon: Cloud },
  { kind: "caption", label: "Caption", Icon: RectangleHorizontal },
  { kind: "sfx", label: "Sound effect", Icon: Zap },
];
const SCALE_STEP = 0.25;

/**
 * Lettering tools for the Pages view: add a balloon, caption or sound effect to the selected panel
 * (`panelId`, or the panel of the selected letter), resize or delete the selected letter, show
 * balloon numbers, and a warning when some text does not fit even the largest balloon.
 */
export function LetterToolbar({ panelId, className }: { panelId: string | null; className?: string }) {
  const { letter, letterPanel, showNumbers, overflow } = useLettering(useShallow((s) => ({ letter: s.letter, letterPanel: s.panelId, showNumbers: s.showNumbers, overflow: s.overflow })));
  const { select, edit, setShowNumbers } = useLettering.getState();
  const target = panelId ?? letterPanel;
  const over = Object.values(overflow).flat();
  const add = (kind: LetterKind) => {
    if (!target) return;
    const id = addLetterTo(target, kind);
    if (!id) return;
    select(id, target);
    edit(id);
  };
  return (
    <div role="toolbar" aria-label="Lettering" data-lettering-tools className={clsx("flex flex-wrap items-center gap-1.5", className)}>
      <span className="mr-0.5 text-[13px] text-muted">Add</span>
      {KINDS.map(({ kind, label, Icon }) => (
        <Button
          key={kind}
          size="sm"
          disabled={!target}
          title={target ? `Add a ${label.toLowerCase()} to the selected panel` : "Select a panel on a page first"}
          onClick={() => add(kind)}
        >
          <Icon aria-hidden className="size-3.5" />
          {label}
        </Button>
      ))}
      {letter ? (
        <span className="ml-1 inline-flex items-center gap-1" role="group" aria-label="Selected lettering">
          <Button size="sm" aria-label="Smaller lettering" disabled={letter.scale <= LETTER_SCALE.min} onClick={() => resizeLetter(letter, letter.scale - SCALE_STEP)}>
            <Minus aria-hidden className="size-3.5" />
          </Button>
          <span className="min-w-11 text-center text-[13px] tabular-nums" aria-live="polite" aria-label="Lettering size">
            {Math.round(letter.scale * 100)}%
          </span>
          <Button size="sm" aria-label="Larger lettering" disabled={letter.scale >= LETTER_SCALE.max} onClick={() => resizeLetter(letter, letter.scale + SCALE_STEP)}>
            <Plus aria-hidden className="size-3.5" />
          </Button>
          <Button
            size="sm"
            variant="danger"
            aria-label="Delete lettering"
            title={letter.lineId ? "Deletes the balloon and its dialogue line (Undo brings both back)" : "Delete lettering"}
            onClick={() => {
              deleteLetter(letter);
              select(null);
            }}
          >
            <Trash2 aria-hidden className="size-3.5" />
          </Button>
        </span>
      ) : null}
      <Button size="sm" variant={showNumbers ? "primary" : "secondary"} aria-pressed={showNumbers} onClick={() => setShowNumbers(!showNumbers)} title="Number balloons in reading order">
        <Hash aria-hidden className="size-3.5" />
        Numbers
      </Button>
      {over.length ? (
        <button
          type="button"
          onClick={() => select(over[0]!.id, over[0]!.panelId)}
          className="inline-flex h-8 items-center gap-1.5 rounded-full bg-amber-50 px-2.5 text-[13px] text-amber-800 ring-1 ring-amber-300 hover:bg-amber-100"
          data-testid="letter-overflow"
        >
          <TriangleAlert aria-hidden className="size-3.5" />
          {over.length === 1 ? `Balloon ${over[0]!.number} is too full` : `${over.length} balloons are too full`}: shorten the text or make it smaller
        </button>
      ) : null}
    </div>
  );
}
