"use client";
import { useDraggable, useDroppable } from "@dnd-kit/core";
import { clsx } from "clsx";
import { GripVertical, TriangleAlert } from "lucide-react";
import { memo, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { panelImage } from "@/lib/board/chosen";
import type { Framing } from "@/lib/comic/comic-schema";
import type { ResolvedFrame } from "@/lib/comic/comic-types";
import { aspectWarning } from "@/lib/comic/frame-shape";
import { framingCentredAt } from "@/lib/comic/framing";
import { useCastboard } from "@/lib/state/store";
import type { Panel } from "@/lib/state/panel-schema";
import { FrameArt, rectStyle } from "./page-sheet";

export const MAX_ZOOM = 8;
const WHEEL_ZOOM = 0.0015;
const KEY_PAN = 0.05;

export const zoomTo = (value: number) => Math.min(MAX_ZOOM, Math.max(1, Math.round(value * 100) / 100));

export interface FrameProps {
  frame: ResolvedFrame;
  /** Board index the frame holds: where a panel dropped on it lands. */
  boardIndex: number;
  pageNumber: number;
  scale: number;
  border: number;
  panel: Panel | undefined;
  number: number;
  selected: boolean;
  onSelect(panelId: string, boardIndex: number): void;
}

/**
 * A frame on a page in the Pages view: a drop target for panels, its panel draggable by the grip
 * (pointer or keyboard), and once selected its image panned by dragging, zoomed by the wheel, and
 * both by the keyboard (arrows, + and -), each gesture one undo step.
 */
export const ComicFrame = memo(ComicFrameView, (a, b) => {
  // The comic is resolved afresh on every edit: a frame whose geometry, panel and framing are the same need not draw again.
  const same = (x: FrameProps["frame"], y: FrameProps["frame"]) =>
    x === y ||
    (x.panelId === y.panelId &&
      x.readingIndex === y.readingIndex &&
      x.rect.x === y.rect.x &&
      x.rect.y === y.rect.y &&
      x.rect.width === y.rect.width &&
      x.rect.height === y.rect.height &&
      x.framing === y.framing);
  return (
    same(a.frame, b.frame) &&
    a.boardIndex === b.boardIndex &&
    a.pageNumber === b.pageNumber &&
    a.scale === b.scale &&
    a.border === b.border &&
    a.panel === b.panel &&
    a.number === b.number &&
    a.selected === b.selected &&
    a.onSelect === b.onSelect
  );
});

function ComicFrameView({ frame, boardIndex, pageNumber, scale, border, panel, number, selected, onSelect }: FrameProps) {
  const panelId = frame.panelId;
  const { setNodeRef: dropRef, isOver } = useDroppable({ id: `frame:${boardIndex}`, data: { boardIndex } });
  const { setNodeRef: dragRef, setActivatorNodeRef: handleRef, listeners, attributes, isDragging } = useDraggable({ id: `panel:${panelId ?? boardIndex}`, data: { panelId, boardIndex }, disabled: !panelId });
  const element = useRef<HTMLDivElement | null>(null);
  const image = panel ? panelImage(panel)?.image : undefined;
  const warning = image ? aspectWarning(frame.rect, image) : null;
  const pan = useRef<{ x: number; y: number; from: Framing } | null>(null);
  // While dragging, the framing lives here and only this frame redraws; the drop stores it, one undo step.
  const [draft, setDraft] = useState<Framing | null>(null);
  const shown = draft ?? frame.framing;

  // Wheel zoom needs a listener that may cancel the page scroll, which React's onWheel cannot.
  const latest = useRef({ frame, panelId, image, selected });
  useEffect(() => {
    latest.current = { frame, panelId, image, selected };
  });
  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const onWheel = (event: WheelEvent) => {
      const { frame: f, panelId: id, image: img, selected: on } = latest.current;
      if (!on || !id || !img) return;
      event.preventDefault();
      const zoom = zoomTo(f.framing.zoom * Math.exp(-event.deltaY * WHEEL_ZOOM));
      useCastboard.getState().setFraming(id, { ...f.framing, zoom }, `zoom:${id}`);
    };
    node.addEventListener("wheel", onWheel, { passive: false });
    return () => node.removeEventListener("wheel", onWheel);
  }, []);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!panelId || (event.target as HTMLElement).closest("[data-drag-handle]")) return;
    if (!selected) return onSelect(panelId, boardIndex);
    if (!image || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    pan.current = { x: event.clientX, y: event.clientY, from: frame.framing };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = pan.current;
    if (!start || !image) return;
    // From where the drag started, so holding the image against an edge does not drift it.
    setDraft(framingCentredAt(frame.rect, image, start.from, (event.clientX - start.x) / scale, (event.clientY - start.y) / scale));
  };
  const endPan = () => {
    pan.current = null;
    if (draft && panelId) useCastboard.getState().setFraming(panelId, draft, `pan:${panelId}:${Date.now()}`);
    setDraft(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!panelId || event.target !== event.currentTarget) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      return onSelect(panelId, boardIndex);
    }
    if (!selected || !image) return;
    const step = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[event.key];
    const zoom = event.key === "+" || event.key === "=" ? 1.25 : event.key === "-" ? 0.8 : null;
    if (!step && !zoom) return;
    event.preventDefault();
    const key = `keys:${panelId}`;
    if (zoom) useCastboard.getState().setFraming(panelId, { ...frame.framing, zoom: zoomTo(frame.framing.zoom * zoom) }, key);
    else useCastboard.getState().setFraming(panelId, framingCentredAt(frame.rect, image, frame.framing, step![0]! * KEY_PAN * frame.rect.width, step![1]! * KEY_PAN * frame.rect.height), key);
  };

  const label = panelId ? `Shot ${number}, page ${pageNumber} frame ${frame.readingIndex + 1}` : `Empty frame, page ${pageNumber} frame ${frame.readingIndex + 1}`;
  return (
    <div
      ref={(node) => {
        element.current = node;
        dropRef(node);
      }}
      role={panelId ? "button" : "group"}
      tabIndex={panelId ? 0 : -1}
      aria-label={label}
      aria-pressed={panelId ? selected : undefined}
      aria-describedby={selected && panelId ? "frame-help" : undefined}
      title={selected && image ? "Drag to pan · wheel or +/- to zoom" : undefined}
      data-testid="comic-frame"
      data-panel={panelId ?? ""}
      data-selected={selected}
      data-zoom={shown.zoom}
      data-cx={shown.cx.toFixed(3)}
      className={clsx(
        "group/frame overflow-hidden outline-none [contain:layout_paint]",
        selected ? "z-10 cursor-move touch-none ring-2 ring-accent ring-offset-1" : panelId && "cursor-pointer focus-visible:ring-2 focus-visible:ring-ink",
        isOver && "ring-2 ring-sky-500",
        isDragging && "opacity-40",
      )}
      style={rectStyle(frame.rect, scale)}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endPan}
      onPointerCancel={endPan}
      onKeyDown={onKeyDown}
    >
      <FrameArt frame={draft ? { ...frame, framing: draft } : frame} scale={scale} panel={panel} number={number} border={border} full={selected} />
      {panelId ? (
        <>
          <span className="pointer-events-none absolute bottom-1 left-1 rounded bg-black/60 px-1 text-[10px] leading-4 font-medium text-white tabular-nums">{number}</span>
          <button
            type="button"
            ref={handleRef}
            data-drag-handle
            aria-label={`Move shot ${number}`}
            aria-roledescription="draggable panel"
            aria-describedby={attributes["aria-describedby"]}
            className="absolute top-1 left-1 grid size-6 cursor-grab touch-none place-items-center rounded bg-white/90 text-ink opacity-0 shadow ring-1 ring-black/10 group-hover/frame:opacity-100 group-focus-within/frame:opacity-100 focus-visible:opacity-100 data-[on=true]:opacity-100"
            data-on={selected}
            {...listeners}
          >
            <GripVertical aria-hidden className="size-3.5" />
          </button>
          <span ref={dragRef} className="pointer-events-none absolute inset-0" />
        </>
      ) : null}
      {warning ? (
        <span className="absolute top-1 right-1 grid size-5 place-items-center rounded-full bg-amber-400 text-amber-950 shadow" title={warning} data-testid="aspect-warning">
          <TriangleAlert aria-hidden className="size-3" />
          <span className="sr-only">{warning}</span>
        </span>
      ) : null}
    </div>
  );
}
