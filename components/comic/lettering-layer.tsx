"use client";
import { useCallback, useEffect, useMemo, useRef, type FocusEvent, type KeyboardEvent, type MouseEvent, type PointerEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import { TRIM_PRESETS } from "@/lib/comic/comic-schema";
import type { Rect, ResolvedLetter, ResolvedPage } from "@/lib/comic/comic-types";
import { moveLetter, pointTail, rotateLetter } from "@/lib/comic/letter-edits";
import { layoutLetter, type LetterShape } from "@/lib/comic/letter-layout";
import { useCastboard } from "@/lib/state/store";
import { LetterGlyph, paintGlyph } from "./letter-glyph";
import { LetterTextEditor } from "./letter-text-editor";
import { deleteLetter, setLetterWords } from "./lettering-actions";
import { letteringFontVariables } from "./lettering-fonts";
import { measureLetter, useLetteringFontsReady } from "./lettering-measure";
import { useLettering } from "./lettering-state";

type Mode = "move" | "tail" | "rotate";

interface Gesture {
  mode: Mode;
  pointerId: number;
  x: number;
  y: number;
  letter: ResolvedLetter;
  shape: LetterShape;
  frame: Rect;
  g: SVGGElement;
  next: ResolvedLetter | null;
  raf: number;
}

/** Pointer travel, in CSS pixels, before a press becomes a drag rather than a click. */
const DRAG_SLOP = 3;
/** Arrow keys move a letter by 1 pt, 10 with Shift; [ and ] turn a sound effect by 5°, 15 with Shift. */
const NUDGE = { step: 1, big: 10 } as const;
const TURN = { step: 5, big: 15 } as const;

interface LetteringLayerProps {
  page: ResolvedPage;
  /** CSS pixels per point. */
  scale: number;
  editable: boolean;
  /** Overrides the toolbar's balloon-numbers toggle (which only editable pages follow). */
  numbers?: boolean;
}

/**
 * The lettering of one page, drawn over its frames in page points (`scale` CSS px per pt). When
 * `editable`, letters are selected by click or Tab, dragged (one undo step a drag, the drag itself
 * painted straight into the SVG each animation frame), their tails pointed by the tip handle,
 * sound effects turned by a handle or [ and ], words typed in place (double-click or Enter), and
 * deleted with Delete.
 */
export function LetteringLayer({ page, scale, editable, numbers }: LetteringLayerProps) {
  const trimKey = useCastboard((s) => s.projectSettings.comic.settings.trim);
  const size = useMemo(() => ({ width: TRIM_PRESETS[trimKey].widthPt, height: TRIM_PRESETS[trimKey].heightPt }), [trimKey]);
  const fontsReady = useLetteringFontsReady();
  const { selectedId, editingId, showNumbers } = useLettering(useShallow((s) => ({ selectedId: s.selectedId, editingId: s.editingId, showNumbers: s.showNumbers })));
  // Actions never change: read once, no subscription.
  const { select, edit, reportOverflow, showSelected } = useLettering.getState();
  const svg = useRef<SVGSVGElement>(null);
  const gesture = useRef<Gesture | null>(null);

  const frames = useMemo(() => new Map(page.frames.flatMap((f) => (f.panelId ? [[f.panelId, f.rect] as const] : []))), [page.frames]);
  const drawn = useMemo(() => {
    void fontsReady; // Measured again once the lettering faces are in.
    return page.letters.flatMap((letter) => {
      const frame = frames.get(letter.panelId);
      return frame ? [{ letter, frame, shape: layoutLetter(letter, frame, size, measureLetter) }] : [];
    });
  }, [page.letters, frames, size, fontsReady]);
  const byId = useMemo(() => new Map(drawn.map((d) => [d.letter.id, d])), [drawn]);

  useEffect(() => {
    if (!editable) return;
    reportOverflow(
      page.id,
      drawn.filter((d) => d.shape.overflow).map((d) => ({ id: d.letter.id, panelId: d.letter.panelId, number: d.letter.number })),
    );
  }, [editable, drawn, page.id, reportOverflow]);
  useEffect(() => (editable ? () => reportOverflow(page.id, []) : undefined), [editable, page.id, reportOverflow]);
  const selected = selectedId ? byId.get(selectedId)?.letter : undefined;
  // A press anywhere but on lettering or its tools lets go of the selected letter.
  const hasSelected = editable && !!selected;
  useEffect(() => {
    if (!hasSelected) return;
    const onDown = (event: globalThis.PointerEvent) => {
      if (!(event.target as Element | null)?.closest?.("[data-letter], [data-lettering-tools], textarea")) select(null);
    };
    document.addEventListener("pointerdown", onDown);
    return () => document.removeEventListener("pointerdown", onDown);
  }, [hasSelected, select]);
  useEffect(() => {
    if (editable && selected) showSelected(selected);
  }, [editable, selected, showSelected]);

  const commit = useCallback((recipe: Parameters<ReturnType<typeof useCastboard.getState>["updateComic"]>[0], label: string, key?: string) => {
    useCastboard.getState().updateComic(recipe, label, key);
  }, []);

  /** Page point under a pointer event. */
  const pointAt = (event: { clientX: number; clientY: number }) => {
    const box = svg.current!.getBoundingClientRect();
    return { x: (event.clientX - box.left) / scale, y: (event.clientY - box.top) / scale };
  };

  const onPointerDown = useCallback(
    (event: PointerEvent<SVGGElement>, id: string) => {
      const item = byId.get(id);
      if (!item || (event.pointerType === "mouse" && event.button !== 0)) return;
      event.stopPropagation();
      select(id, item.letter.panelId);
      const handle = (event.target as Element).closest("[data-handle]")?.getAttribute("data-handle");
      const mode: Mode = handle === "tail" ? "tail" : handle === "rotate" ? "rotate" : "move";
      event.currentTarget.setPointerCapture(event.pointerId);
      gesture.current = { mode, pointerId: event.pointerId, x: event.clientX, y: event.clientY, ...item, g: event.currentTarget, next: null, raf: 0 };
    },
    [byId, select],
  );

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId) return;
    if (!g.next && Math.hypot(event.clientX - g.x, event.clientY - g.y) < DRAG_SLOP) return;
    const { letter, frame } = g;
    if (g.mode === "move") {
      const dx = (event.clientX - g.x) / scale / frame.width;
      const dy = (event.clientY - g.y) / scale / frame.height;
      g.next = { ...letter, x: letter.x + dx, y: letter.y + dy };
    } else if (g.mode === "tail") {
      const p = pointAt(event);
      g.next = { ...letter, tail: { x: (p.x - frame.x) / frame.width, y: (p.y - frame.y) / frame.height } };
    } else {
      const p = pointAt(event);
      // The handle sits above the centre: straight up is no turn.
      const degrees = (Math.atan2(p.y - g.shape.center.y, p.x - g.shape.center.x) * 180) / Math.PI + 90;
      g.next = { ...letter, rotation: Math.round(degrees) };
    }
    if (!g.raf) {
      g.raf = requestAnimationFrame(() => {
        g.raf = 0;
        if (g.next && gesture.current === g) paintGlyph(g.g, layoutLetter(g.next, g.frame, size, measureLetter), scale);
      });
    }
  };

  const onPointerEnd = (event: PointerEvent<SVGSVGElement>) => {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId) return;
    gesture.current = null;
    cancelAnimationFrame(g.raf);
    const next = g.next;
    if (!next || event.type === "pointercancel") {
      paintGlyph(g.g, g.shape, scale);
      return;
    }
    if (g.mode === "move") commit((c) => moveLetter(c, g.letter, next.x, next.y), "Move lettering");
    else if (g.mode === "tail") commit((c) => pointTail(c, g.letter, next.tail), "Point balloon tail");
    else commit((c) => rotateLetter(c, g.letter, next.rotation), "Rotate sound effect");
  };

  const onKeyDown = useCallback(
    (event: KeyboardEvent<SVGGElement>, id: string) => {
      const item = byId.get(id);
      if (!item) return;
      const { letter, frame } = item;
      const key = event.key;
      const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      const arrow = arrows[key];
      let handled = true;
      if (arrow) {
        const step = event.shiftKey ? NUDGE.big : NUDGE.step;
        commit((c) => moveLetter(c, letter, letter.x + (arrow[0] * step) / frame.width, letter.y + (arrow[1] * step) / frame.height), "Move lettering", `nudge:${id}`);
      } else if ((key === "[" || key === "]" || key === "{" || key === "}") && letter.kind === "sfx") {
        const step = (event.shiftKey ? TURN.big : TURN.step) * (key === "[" || key === "{" ? -1 : 1);
        commit((c) => rotateLetter(c, letter, letter.rotation + step), "Rotate sound effect", `turn:${id}`);
      } else if (key === "Enter" || key === "F2") edit(id);
      else if (key === "Delete" || key === "Backspace") {
        deleteLetter(letter);
        select(null);
      } else if (key === "Escape") select(null);
      else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    [byId, commit, edit, select],
  );

  const onDoubleClick = useCallback((event: MouseEvent<SVGGElement>, id: string) => {
    event.stopPropagation();
    edit(id);
  }, [edit]);
  const onFocus = useCallback((_event: FocusEvent<SVGGElement>, id: string) => select(id, byId.get(id)?.letter.panelId ?? null), [byId, select]);

  const editing = editable && editingId ? byId.get(editingId) : undefined;
  return (
    <div className={`absolute inset-0 z-20 ${letteringFontVariables}`} style={{ pointerEvents: "none" }} data-testid="lettering-layer" data-page={page.number}>
      <svg
        ref={svg}
        width={size.width * scale}
        height={size.height * scale}
        viewBox={`0 0 ${size.width} ${size.height}`}
        className="absolute inset-0 overflow-visible select-none"
        role="group"
        aria-label={`Lettering of page ${page.number}`}
        onPointerMove={editable ? onPointerMove : undefined}
        onPointerUp={editable ? onPointerEnd : undefined}
        onPointerCancel={editable ? onPointerEnd : undefined}
      >
        {drawn.map(({ letter, shape }) => (
          <LetterGlyph
            key={letter.id}
            shape={shape}
            text={letter.displayText}
            scale={scale}
            selected={selectedId === letter.id}
            editable={editable}
            showNumber={numbers ?? (editable && showNumbers)}
            onPointerDown={editable ? onPointerDown : undefined}
            onKeyDown={editable ? onKeyDown : undefined}
            onDoubleClick={editable ? onDoubleClick : undefined}
            onFocus={editable ? onFocus : undefined}
          />
        ))}
      </svg>
      {editing ? (
        <LetterTextEditor
          key={editing.letter.id}
          shape={editing.shape}
          text={editing.letter.displayText}
          scale={scale}
          onCommit={(text) => setLetterWords(editing.letter, text)}
          onClose={(byKeyboard) => {
            edit(null);
            // Back on the letter, so the keyboard can go on with it.
            if (byKeyboard) svg.current?.querySelector<SVGGElement>(`[data-letter="${CSS.escape(editing.letter.id)}"]`)?.focus();
          }}
        />
      ) : null}
    </div>
  );
}

/** The overlay the Pages view mounts over each page (`PageOverlay` in `page-overlay.tsx`). */
export const renderLettering = (page: ResolvedPage, scale: number, editable: boolean) =>
  // A page not laid out yet (a container still measuring) has no size to letter.
  scale > 0 ? <LetteringLayer page={page} scale={scale} editable={editable} /> : null;

