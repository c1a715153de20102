"use client";
import { clsx } from "clsx";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from "react";
import { balloonPath, layoutBalloon, type BalloonLayout, type Measure } from "@/lib/board/balloon-layout";
import type { DialogueLine } from "@/lib/state/panel-schema";

const FALLBACK_FONT = "ui-sans-serif, system-ui, sans-serif";
const INK = "#1d1d1f";

let context: CanvasRenderingContext2D | null | undefined;

/** Canvas text metrics in the overlay's own font, so wrapping matches what the SVG draws. */
function canvasMeasure(family: string): Measure {
  context ??= document.createElement("canvas").getContext("2d");
  return (text, fontSize, bold) => {
    if (!context) return text.length * fontSize * 0.55;
    context.font = `${bold ? 700 : 400} ${fontSize}px ${family}`;
    return context.measureText(text).width;
  };
}

/** The overlay's size and font, remeasured on resize and once web fonts have arrived. */
function useFrame(ref: RefObject<HTMLDivElement | null>) {
  const [frame, setFrame] = useState<{ width: number; height: number; family: string; fonts: number } | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = (fontsLoaded: boolean) => {
      const { width, height } = el.getBoundingClientRect();
      const family = getComputedStyle(el).fontFamily || FALLBACK_FONT;
      setFrame((prev) =>
        prev && prev.width === width && prev.height === height && prev.family === family && !fontsLoaded
          ? prev
          : { width, height, family, fonts: (prev?.fonts ?? 0) + (fontsLoaded ? 1 : 0) },
      );
    };
    const observer = new ResizeObserver(() => read(false));
    observer.observe(el);
    read(false);
    let live = true;
    // Text measured in a fallback face would wrap differently once the web font is in.
    void document.fonts?.ready.then(() => live && read(true));
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [ref]);
  return frame;
}

const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

/**
 * Dialogue balloons drawn over a panel's image. Purely an overlay: put it in the `relative` box
 * that holds the image; the pixels underneath never change.
 */
export function SpeechBalloons({
  lines,
  speakers,
  editable = false,
  onMove,
  onMoveEnd,
  className,
}: {
  lines: DialogueLine[];
  speakers: Map<string, string>;
  editable?: boolean;
  onMove?: (lineId: string, x: number, y: number) => void;
  onMoveEnd?: (lineId: string, x: number, y: number) => void;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const frame = useFrame(ref);
  // The dragged balloon follows the pointer here even if the parent only commits at the end.
  const [drag, setDrag] = useState<{ id: string; x: number; y: number } | null>(null);
  const gesture = useRef<{ id: string; pointerId: number; px: number; py: number; x: number; y: number; last: { x: number; y: number } | null } | null>(
    null,
  );

  const balloons = useMemo(() => {
    if (!frame || frame.width < 1 || frame.height < 1) return [];
    const measure = canvasMeasure(frame.family);
    return lines
      .filter((line) => editable || line.text.trim())
      .map((line) => {
        const at = drag?.id === line.id ? drag : line;
        const speaker = line.speakerId ? (speakers.get(line.speakerId) ?? null) : null;
        return { line, speaker, at, box: layoutBalloon({ text: line.text, speaker, x: at.x, y: at.y }, frame, measure) };
      });
  }, [frame, lines, speakers, editable, drag]);

  /** Where the balloon shows, which differs from its stored centre when the frame edge holds it in. */
  const shownAt = (at: { x: number; y: number }, box: BalloonLayout) => {
    if (!frame) return at;
    const cx = (box.left + box.width / 2) / frame.width;
    const cy = (box.top + box.height / 2) / frame.height;
    return { x: Math.abs(cx - at.x) > 0.005 ? cx : at.x, y: Math.abs(cy - at.y) > 0.005 ? cy : at.y };
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>, id: string, start: { x: number; y: number }) => {
    if (!editable || (event.pointerType === "mouse" && event.button !== 0)) return;
    // Keeps a sortable board or a panel's own click from taking over the gesture.
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    gesture.current = { id, pointerId: event.pointerId, px: event.clientX, py: event.clientY, ...start, last: null };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId || !frame) return;
    const dx = event.clientX - g.px;
    const dy = event.clientY - g.py;
    // A tap that wobbles a pixel is a focus, not a move.
    if (!g.last && Math.hypot(dx, dy) < 3) return;
    g.last = { x: round(g.x + dx / frame.width), y: round(g.y + dy / frame.height) };
    setDrag({ id: g.id, ...g.last });
    onMove?.(g.id, g.last.x, g.last.y);
  };
  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId) return;
    gesture.current = null;
    if (g.last) onMoveEnd?.(g.id, g.last.x, g.last.y);
    setDrag(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, id: string, start: { x: number; y: number }) => {
    const step = event.shiftKey ? 0.1 : 0.02;
    const delta = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[event.key];
    if (!delta) return;
    event.preventDefault();
    event.stopPropagation();
    const x = round(start.x + delta[0]!);
    const y = round(start.y + delta[1]!);
    onMove?.(id, x, y);
    onMoveEnd?.(id, x, y);
  };

  return (
    <div ref={ref} className={clsx("pointer-events-none absolute inset-0 overflow-hidden select-none", className)} data-testid="speech-balloons">
      {frame ? (
        <svg aria-hidden width={frame.width} height={frame.height} viewBox={`0 0 ${frame.width} ${frame.height}`} className="absolute inset-0 overflow-visible">
          {balloons.map(({ line, box }) => (
            <g key={line.id} style={{ filter: "drop-shadow(0 1px 1.5px rgb(0 0 0 / 0.18))" }}>
              <path d={balloonPath(box)} fill="white" stroke={INK} strokeWidth={Math.max(1, box.fontSize * 0.07)} strokeLinejoin="round" />
              {box.rows.map((row, i) => (
                <text
                  key={i}
                  x={row.x}
                  y={row.y}
                  fontSize={row.fontSize}
                  fontWeight={row.bold ? 700 : 400}
                  fill={row.bold ? "#55555a" : INK}
                  textAnchor="middle"
                  dominantBaseline="central"
                >
                  {row.text}
                </text>
              ))}
              {box.lines.length === 0 ? (
                <text x={box.left + box.width / 2} y={box.textTop + box.lineHeight / 2} fontSize={box.fontSize} fill="#a1a1a6" textAnchor="middle" dominantBaseline="central">
                  …
                </text>
              ) : null}
            </g>
          ))}
        </svg>
      ) : null}
      {editable ? (
        balloons.map(({ line, speaker, at, box }) => {
          const start = shownAt(at, box);
          return (
            <div
              key={line.id}
              role="button"
              tabIndex={0}
              aria-label={`Balloon: ${speaker ?? "Narrator"}: ${line.text.trim() || "empty"}. Drag or use arrow keys to move`}
              className={clsx(
                "pointer-events-auto absolute touch-none transition-shadow hover:ring-2 hover:ring-accent/30",
                drag?.id === line.id ? "cursor-grabbing" : "cursor-grab",
              )}
              style={{ left: box.left, top: box.top, width: box.width, height: box.height, borderRadius: box.radius }}
              onPointerDown={(e) => onPointerDown(e, line.id, start)}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerEnd}
              onPointerCancel={onPointerEnd}
              onKeyDown={(e) => onKeyDown(e, line.id, start)}
              data-testid="speech-balloon"
            />
          );
        })
      ) : (
        <ul className="sr-only">
          {balloons.map(({ line, speaker }) => (
            <li key={line.id}>{speaker ? `${speaker}: ${line.text}` : line.text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
