"use client";
import { memo, type FocusEvent, type KeyboardEvent, type MouseEvent, type PointerEvent } from "react";
import { COMIC_FONTS, cssFontFamily } from "@/lib/comic/comic-fonts";
import type { LetterShape } from "@/lib/comic/letter-layout";

/**
 * One letter drawn in SVG from its layout, in page points (the parent SVG's viewBox). While a
 * gesture runs, `paintGlyph` moves the same elements directly, without a React render per frame.
 */

const SELECT = "#2563eb";
/** Handles keep their size on screen whatever the zoom: radius in CSS pixels. */
const HANDLE_PX = 6;

const KIND_NAMES = { speech: "Speech balloon", thought: "Thought balloon", caption: "Caption", sfx: "Sound effect" } as const;

export function letterLabel(shape: Pick<LetterShape, "kind" | "number">, text: string): string {
  const words = text.trim() ? `: ${text.trim().slice(0, 80)}` : " (empty)";
  return `${KIND_NAMES[shape.kind]} ${shape.number}${words}`;
}

const rotation = (s: LetterShape) => (s.rotation ? `rotate(${s.rotation} ${s.center.x} ${s.center.y})` : undefined);

/** The text block, unrotated: what a click on a sound effect (no box) hits. */
function hitRect(s: LetterShape) {
  const font = COMIC_FONTS[s.font];
  if (!s.rows.length) return { x: s.center.x, y: s.center.y, width: 0, height: 0 };
  const left = Math.min(...s.rows.map((r) => r.left));
  const right = Math.max(...s.rows.map((r) => r.left + r.width));
  const top = s.rows[0]!.baseline - font.ascent * s.fontSize;
  const bottom = s.rows.at(-1)!.baseline + font.descent * s.fontSize;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

const rotateHandle = (s: LetterShape, scale: number) => ({ x: s.center.x, y: s.bounds.y - (HANDLE_PX * 3) / scale });
/** The number sits on the balloon's top-left, wherever its tail goes. */
const badge = (s: LetterShape) => ({ x: s.body.x + 2, y: s.body.y + 2 });

export const LetterGlyph = memo(function LetterGlyph({
  shape: s,
  text,
  scale,
  selected,
  editable,
  showNumber,
  onPointerDown,
  onKeyDown,
  onDoubleClick,
  onFocus,
}: {
  shape: LetterShape;
  text: string;
  scale: number;
  selected: boolean;
  editable: boolean;
  showNumber: boolean;
  onPointerDown?: (event: PointerEvent<SVGGElement>, id: string) => void;
  onKeyDown?: (event: KeyboardEvent<SVGGElement>, id: string) => void;
  onDoubleClick?: (event: MouseEvent<SVGGElement>, id: string) => void;
  onFocus?: (event: FocusEvent<SVGGElement>, id: string) => void;
}) {
  const handle = HANDLE_PX / scale;
  const hit = hitRect(s);
  const turn = rotateHandle(s, scale);
  const at = badge(s);
  const p = s.paint;
  return (
    <g
      data-letter={s.id}
      data-kind={s.kind}
      data-number={s.number}
      data-overflow={s.overflow || undefined}
      role={editable ? "button" : "img"}
      tabIndex={editable ? 0 : undefined}
      aria-label={letterLabel(s, text)}
      aria-pressed={editable ? selected : undefined}
      className={editable ? "cursor-move outline-none" : undefined}
      style={{ pointerEvents: editable ? "auto" : "none" }}
      onPointerDown={onPointerDown && ((e) => onPointerDown(e, s.id))}
      onKeyDown={onKeyDown && ((e) => onKeyDown(e, s.id))}
      onDoubleClick={onDoubleClick && ((e) => onDoubleClick(e, s.id))}
      onFocus={onFocus && ((e) => onFocus(e, s.id))}
    >
      <g data-part="body" transform={rotation(s)}>
        <rect data-part="hit" x={hit.x} y={hit.y} width={hit.width} height={hit.height} fill="transparent" />
        {s.outline ? <path data-part="outline" d={s.outline} fill={p.fill ?? "none"} stroke={p.stroke ?? "none"} strokeWidth={p.strokeWidth} strokeLinejoin="round" /> : null}
        {s.rows.map((row, i) => (
          <text
            key={i}
            data-part="row"
            x={row.x}
            y={row.baseline}
            textAnchor="middle"
            fontFamily={cssFontFamily(s.font)}
            fontWeight={COMIC_FONTS[s.font].weight}
            fontSize={s.fontSize}
            fill={p.text}
            stroke={p.textStroke ?? undefined}
            strokeWidth={p.textStroke ? p.textStrokeWidth * 2 : undefined}
            strokeLinejoin="round"
            paintOrder="stroke"
          >
            {row.text}
          </text>
        ))}
      </g>
      {selected && editable ? (
        <>
          <rect
            data-part="selection"
            x={s.bounds.x}
            y={s.bounds.y}
            width={s.bounds.width}
            height={s.bounds.height}
            fill="none"
            stroke={SELECT}
            strokeWidth={1 / scale}
            strokeDasharray={`${4 / scale} ${3 / scale}`}
            pointerEvents="none"
          />
          {s.kind === "speech" || s.kind === "thought" ? (
            <circle data-part="tip" data-handle="tail" cx={s.tip?.x ?? s.center.x} cy={s.tip?.y ?? s.bounds.y + s.bounds.height} r={handle} fill="white" stroke={SELECT} strokeWidth={2 / scale} className="cursor-crosshair">
              <title>Drag to point the tail at the speaker</title>
            </circle>
          ) : null}
          {s.kind === "sfx" ? (
            <circle data-part="rotate" data-handle="rotate" cx={turn.x} cy={turn.y} r={handle} fill={SELECT} stroke="white" strokeWidth={2 / scale} className="cursor-grab">
              <title>Drag to rotate ([ and ] keys)</title>
            </circle>
          ) : null}
        </>
      ) : null}
      {showNumber ? (
        <g data-part="number" transform={`translate(${at.x} ${at.y})`} pointerEvents="none">
          <circle r={6} fill={SELECT} />
          <text textAnchor="middle" dominantBaseline="central" fontSize={7} fontWeight={700} fill="white" fontFamily="ui-sans-serif, system-ui, sans-serif">
            {s.number}
          </text>
        </g>
      ) : null}
    </g>
  );
});

/** Moves a drawn glyph to `s` (same text, same rows) directly in the DOM: the per-frame part of a drag. */
export function paintGlyph(g: SVGGElement, s: LetterShape, scale: number): void {
  const set = (el: Element | null, attrs: Record<string, number | string | undefined>) => {
    if (!el) return;
    for (const [k, v] of Object.entries(attrs)) if (v === undefined) el.removeAttribute(k);
    else el.setAttribute(k, String(v));
  };
  const part = (name: string) => g.querySelector(`[data-part="${name}"]`);
  set(part("body"), { transform: rotation(s) });
  set(part("outline"), { d: s.outline });
  const hit = hitRect(s);
  set(part("hit"), { x: hit.x, y: hit.y, width: hit.width, height: hit.height });
  g.querySelectorAll('[data-part="row"]').forEach((el, i) => {
    const row = s.rows[i];
    if (row) set(el, { x: row.x, y: row.baseline });
  });
  set(part("selection"), { x: s.bounds.x, y: s.bounds.y, width: s.bounds.width, height: s.bounds.height });
  set(part("tip"), { cx: s.tip?.x ?? s.center.x, cy: s.tip?.y ?? s.bounds.y + s.bounds.height });
  const turn = rotateHandle(s, scale);
  set(part("rotate"), { cx: turn.x, cy: turn.y });
  const at = badge(s);
  set(part("number"), { transform: `translate(${at.x} ${at.y})` });
}
