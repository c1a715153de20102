"use client";
import { clsx } from "clsx";
import { useId, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { moveRect, nudgeRect, rectFromCorner, resizeRect, sameRect, type Corner, type Point } from "@/lib/animatic/frame-rect-edit";
import { panelAspect, panelImage } from "@/lib/board/chosen";
import type { FrameRect } from "@/lib/state/animatic-schema";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { useBlobUrl } from "@/lib/state/use-blob-url";

type Which = "from" | "to";
const NAMES: Record<Which, string> = { from: "Start frame", to: "End frame" };
const CORNERS: Corner[] = ["nw", "ne", "sw", "se"];
const CORNER_CLASS: Record<Corner, string> = {
  nw: "-top-1.5 -left-1.5 cursor-nwse-resize",
  ne: "-top-1.5 -right-1.5 cursor-nesw-resize",
  sw: "-bottom-1.5 -left-1.5 cursor-nesw-resize",
  se: "-right-1.5 -bottom-1.5 cursor-nwse-resize",
};

interface Drag {
  pointerId: number;
  start: Point;
  original: FrameRect;
  mode: { kind: "move" } | { kind: "resize"; corner: Corner } | { kind: "draw" };
  rect: FrameRect;
}

const percent = (v: number) => `${Math.round(v * 1000) / 10}%`;
const place = (el: HTMLElement | null, r: FrameRect) => {
  if (!el) return;
  el.style.left = percent(r.x);
  el.style.top = percent(r.y);
  el.style.width = percent(r.width);
  el.style.height = percent(r.height);
};
const describeRect = (r: FrameRect) => `${Math.round(r.width * 100)}% of the image, from ${Math.round(r.x * 100)}% across and ${Math.round(r.y * 100)}% down`;

/**
 * The start and end frames of a drawn camera move, over the panel's image. Draw a frame by dragging
 * on the image, move it by dragging inside, resize it by a corner; arrow keys move the selected
 * frame and Shift with arrows resizes it. While a pointer drags, the rectangle moves in the DOM
 * only (no React render per pointer event, as in tldraw or excalidraw); the store gets the result,
 * as one undo step, when the pointer lifts.
 */
export function FrameEditor({ panel, from, to }: { panel: Panel; from: FrameRect; to: FrameRect }) {
  const setPanelAnimatic = useCastboard((s) => s.setPanelAnimatic);
  const [which, setWhich] = useState<Which>("from");
  const [natural, setNatural] = useState<number | null>(null);
  const url = useBlobUrl(panelImage(panel)?.image.blobId);
  const surfaceRef = useRef<HTMLDivElement>(null);
  const rectRefs = { from: useRef<HTMLDivElement>(null), to: useRef<HTMLDivElement>(null) };
  const drag = useRef<Drag | null>(null);
  const ids = useId();
  const rects: Record<Which, FrameRect> = { from, to };
  const selected = rects[which];

  const commit = (rect: FrameRect, key: string) => {
    if (sameRect(rect, selected)) return;
    setPanelAnimatic(panel.id, { move: { kind: "custom", from, to, [which]: rect } }, key);
  };

  const pointAt = (event: PointerEvent): Point => {
    const box = surfaceRef.current!.getBoundingClientRect();
    return { x: (event.clientX - box.left) / box.width, y: (event.clientY - box.top) / box.height };
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || drag.current) return;
    const start = pointAt(event);
    const corner = (event.target as HTMLElement).dataset.corner as Corner | undefined;
    // A frame as large as the image cannot move: dragging on it draws a new one.
    const inside =
      selected.width < 1 && start.x >= selected.x && start.x <= selected.x + selected.width && start.y >= selected.y && start.y <= selected.y + selected.height;
    const mode: Drag["mode"] = corner ? { kind: "resize", corner } : inside ? { kind: "move" } : { kind: "draw" };
    drag.current = { pointerId: event.pointerId, start, original: selected, mode, rect: selected };
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus({ preventScroll: true });
    event.preventDefault();
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    const p = pointAt(event);
    d.rect =
      d.mode.kind === "move"
        ? moveRect(d.original, p.x - d.start.x, p.y - d.start.y)
        : d.mode.kind === "resize"
          ? resizeRect(d.original, d.mode.corner, p)
          : rectFromCorner(d.start, p);
    place(rectRefs[which].current, d.rect);
  };

  const end = (event: PointerEvent<HTMLDivElement>, keep: boolean) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    drag.current = null;
    // A click without a drag does not draw a smallest frame over the one there.
    const moved = d.mode.kind !== "draw" || Math.hypot(pointAt(event).x - d.start.x, pointAt(event).y - d.start.y) > 0.01;
    if (keep && moved) commit(d.rect, `frame:${panel.id}:${event.timeStamp}`);
    else place(rectRefs[which].current, d.original);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const next = nudgeRect(selected, event.key, { shift: event.shiftKey, fine: event.altKey });
    if (!next) return;
    event.preventDefault();
    // Holding an arrow key makes one undo step, like a drag.
    commit(next, `frame-keys:${panel.id}:${which}`);
  };

  const aspect = natural ?? panelAspect(panel);
  return (
    <div className="flex flex-col gap-2" data-testid="frame-editor">
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <legend className="sr-only">Frame to edit</legend>
        {(Object.keys(NAMES) as Which[]).map((key) => (
          <label key={key} className="flex items-center gap-1.5 text-[13px]">
            <input type="radio" name={`${ids}-which`} value={key} checked={which === key} onChange={() => setWhich(key)} className="size-4 accent-ink" />
            <span className={clsx("inline-block h-2.5 w-4 rounded-[2px] border-2 border-ink", key === "to" && "border-dashed")} aria-hidden />
            {NAMES[key]}
          </label>
        ))}
      </fieldset>
      <div
        ref={surfaceRef}
        role="application"
        tabIndex={0}
        aria-label={`${NAMES[which]} on the image`}
        aria-describedby={`${ids}-help ${ids}-now`}
        className="relative m-1.5 cursor-crosshair touch-none rounded-md bg-canvas ring-1 ring-line select-none focus-visible:ring-2 focus-visible:ring-accent"
        style={{ aspectRatio: String(aspect) }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={(e) => end(e, true)}
        onPointerCancel={(e) => end(e, false)}
        onKeyDown={onKeyDown}
        data-testid="frame-surface"
      >
        {url ? (
          // eslint-disable-next-line @next/next/no-img-element -- local object URL
          <img src={url} alt="" draggable={false} className="pointer-events-none size-full rounded-md" onLoad={(e) => setNatural(e.currentTarget.naturalWidth / e.currentTarget.naturalHeight)} />
        ) : (
          <p className="grid size-full place-items-center p-4 text-center text-xs text-muted">No image yet: the frames apply to the sketch or image this shot gets.</p>
        )}
        {/* The selected frame is drawn last, over the other. */}
        {(which === "from" ? (["to", "from"] as const) : (["from", "to"] as const)).map((key) => (
            <div
              key={key}
              ref={rectRefs[key]}
              data-testid={`frame-${key}`}
              data-rect={JSON.stringify(rects[key])}
              className={clsx(
                "absolute border-white shadow-[0_0_0_1px_rgba(0,0,0,0.55)]",
                key === "to" && "border-dashed",
                key === which ? "z-10 border-[2.5px] bg-white/10 cursor-move" : "pointer-events-none border-2 opacity-70",
              )}
              style={{ left: percent(rects[key].x), top: percent(rects[key].y), width: percent(rects[key].width), height: percent(rects[key].height) }}
            >
              <span className="absolute top-1 left-1 rounded bg-black/65 px-1 text-[10px] leading-4 font-medium text-white">{key === "from" ? "Start" : "End"}</span>
              {key === which
                ? CORNERS.map((corner) => (
                    <span key={corner} data-corner={corner} aria-hidden className={clsx("absolute size-3 rounded-[3px] border border-black/60 bg-white", CORNER_CLASS[corner])} />
                  ))
                : null}
            </div>
          ))}
      </div>
      <p id={`${ids}-help`} className="text-xs leading-snug text-muted">
        Drag on the image to draw the {NAMES[which].toLowerCase()}, inside it to move it, a corner to resize it. Arrow keys move it; Shift and arrows resize.
      </p>
      <p id={`${ids}-now`} className="sr-only" aria-live="polite">
        {NAMES[which]}: {describeRect(selected)}
      </p>
    </div>
  );
}
