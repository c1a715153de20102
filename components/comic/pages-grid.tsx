"use client";
import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { clsx } from "clsx";
import { Trash2 } from "lucide-react";
import { Fragment, useCallback, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ResolvedComic, ResolvedPage } from "@/lib/comic/comic-types";
import { useCastboard } from "@/lib/state/store";
import type { Panel } from "@/lib/state/panel-schema";
import { ComicFrame } from "./comic-frame";
import { renderPageOverlay } from "./page-overlay";
import { PageSheet } from "./page-sheet";
import { TemplatePicker } from "./template-picker";

type Lookup = Map<string, { panel: Panel; number: number }>;

const SPREAD_GAP = 28;
const MAX_PAGE_WIDTH = 250;

// Pointer drops go to the frame under the pointer; keyboard ones (no pointer) to the nearest frame.
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : closestCenter(args);
};

/** Arrow keys carry a picked-up panel frame by frame in reading order (the left arrow forward in a right-to-left book). */
const readingOrderKeys =
  (rtl: boolean): KeyboardCoordinateGetter =>
  (event, { context: { active, over, droppableRects, collisionRect } }) => {
    const forward = rtl ? "ArrowLeft" : "ArrowRight";
    const back = rtl ? "ArrowRight" : "ArrowLeft";
    const step = event.code === forward || event.code === "ArrowDown" ? 1 : event.code === back || event.code === "ArrowUp" ? -1 : 0;
    if (!step || !collisionRect) return undefined;
    event.preventDefault();
    const from = over ? Number(String(over.id).slice("frame:".length)) : (active?.data.current?.boardIndex as number | undefined);
    const rect = from === undefined ? undefined : droppableRects.get(`frame:${from + step}`);
    // Centred on the next frame, so the nearest centre is that frame's whatever the two sizes.
    return rect ? { x: rect.left + rect.width / 2 - collisionRect.width / 2, y: rect.top + rect.height / 2 - collisionRect.height / 2 } : undefined;
  };

/**
 * The pages as a book's spreads (page 1 alone on the right, or on the left for manga), each page
 * with its layout picker and delete button, and its frames drop targets for panels dragged from
 * any other frame with the pointer or the keyboard.
 */
export function PagesGrid({
  comic,
  starts,
  lookup,
  selectedId,
  onSelect,
}: {
  comic: ResolvedComic;
  starts: number[];
  lookup: Lookup;
  selectedId: string | null;
  onSelect: (panelId: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(720);
  const [dragging, setDragging] = useState<string | null>(null);
  const { movePanelToFrame, setPageTemplate, removePage } = useCastboard.getState();
  // Frames get one stable select, so a framing drag redraws only the frame it moves.
  const latestSelect = useRef(onSelect);
  useLayoutEffect(() => {
    latestSelect.current = onSelect;
  });
  const select = useCallback((panelId: string) => latestSelect.current(panelId), []);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    // The room inside the padding: a spread must fit it.
    const measure = () => {
      const style = getComputedStyle(element);
      setWidth(element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    };
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, []);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: readingOrderKeys(comic.readingDirection === "rtl") }),
  );
  const pageWidth = Math.min(MAX_PAGE_WIDTH, Math.floor(width / 2));
  const scale = pageWidth / comic.trim.width;
  const rtl = comic.readingDirection === "rtl";
  // Page 1 is a right-hand page (left-hand in a manga): a blank facing it, then pairs.
  const spreads: (ResolvedPage | null)[][] = [[null, comic.pages[0] ?? null]];
  for (let i = 1; i < comic.pages.length; i += 2) spreads.push([comic.pages[i]!, comic.pages[i + 1] ?? null]);

  const shot = (id: unknown) => (typeof id === "string" ? lookup.get(id.replace(/^panel:/, ""))?.number : undefined);
  const where = (id: unknown) => {
    const index = typeof id === "string" && id.startsWith("frame:") ? Number(id.slice(6)) : -1;
    const page = starts.findLastIndex((start) => start <= index);
    return page < 0 ? "no frame" : `page ${page + 1} frame ${index - starts[page]! + 1}`;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up shot ${shot(active.id)}. Arrow keys move it between frames, Space drops it, Escape cancels.`,
    onDragOver: ({ active, over }) => (over ? `Shot ${shot(active.id)} is over ${where(over.id)}.` : `Shot ${shot(active.id)} is over no frame.`),
    onDragEnd: ({ active, over }) => (over ? `Shot ${shot(active.id)} was dropped on ${where(over.id)}.` : `Shot ${shot(active.id)} was dropped back.`),
    onDragCancel: ({ active }) => `Moving shot ${shot(active.id)} was cancelled.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const panelId = active.data.current?.panelId as string | undefined;
    const boardIndex = over?.data.current?.boardIndex as number | undefined;
    if (panelId && boardIndex !== undefined) movePanelToFrame(panelId, boardIndex);
  };
  const dragged = dragging ? lookup.get(dragging) : undefined;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      accessibility={{ announcements, screenReaderInstructions: { draggable: "Press Space or Enter to pick up the shot, arrow keys to move it to another frame, Space to drop it." } }}
      onDragStart={({ active }) => setDragging((active.data.current?.panelId as string) ?? null)}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
    >
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto rounded-xl bg-neutral-200/70 p-4 ring-1 ring-line sm:p-6" data-testid="pages-scroller">
        <div className="flex flex-wrap justify-center" style={{ gap: SPREAD_GAP }}>
          {spreads.map((pair, s) => (
            <div key={s} className={clsx("flex items-end", rtl && "flex-row-reverse")} data-testid="spread">
              {pair.map((page, i) =>
                page ? (
                  <PageCard key={page.id} comic={comic} page={page} scale={scale} start={starts[page.number - 1] ?? 0} lookup={lookup} selectedId={selectedId} onSelect={select} onTemplate={setPageTemplate} onDelete={removePage} />
                ) : (
                  <Fragment key={`blank-${i}`}>{s === 0 ? <div aria-hidden style={{ width: pageWidth }} className="hidden sm:block" /> : null}</Fragment>
                ),
              )}
            </div>
          ))}
        </div>
      </div>
      <DragOverlay dropAnimation={null}>
        {dragged ? <div className="rounded-md bg-ink px-2 py-1 text-xs font-medium text-white shadow-lg">Shot {dragged.number}</div> : null}
      </DragOverlay>
    </DndContext>
  );
}

function PageCard({
  comic,
  page,
  scale,
  start,
  lookup,
  selectedId,
  onSelect,
  onTemplate,
  onDelete,
}: {
  comic: ResolvedComic;
  page: ResolvedPage;
  scale: number;
  start: number;
  lookup: Lookup;
  selectedId: string | null;
  onSelect: (panelId: string) => void;
  onTemplate: (pageId: string, templateId: string) => void;
  onDelete: (pageId: string) => void;
}) {
  const filled = page.frames.filter((f) => f.panelId).length;
  return (
    <section aria-label={`Page ${page.number}`} className="flex flex-col gap-1.5" data-testid="page-card">
      <header className="flex min-w-0 items-center gap-1 px-0.5" style={{ width: comic.trim.width * scale }}>
        <h3 className="shrink-0 text-xs font-semibold tabular-nums">Page {page.number}</h3>
        <TemplatePicker templateId={page.templateId} pageNumber={page.number} direction={comic.readingDirection} onPick={(id) => onTemplate(page.id, id)} />
        <span className="ml-auto hidden shrink-0 text-[11px] text-muted tabular-nums sm:inline" title="Frames filled">
          {filled}/{page.frames.length}
        </span>
        <Button size="icon" variant="ghost" className="ml-auto size-7 shrink-0 text-muted hover:text-red-700 sm:ml-0" aria-label={`Delete page ${page.number}`} title="Delete page (its panels move to the next)" onClick={() => onDelete(page.id)}>
          <Trash2 aria-hidden className="size-3.5" />
        </Button>
      </header>
      <PageSheet comic={comic} page={page} scale={scale} overlay={renderPageOverlay} editable className="shadow-md ring-1 ring-black/10">
        {page.frames.map((frame) => {
          const entry = frame.panelId ? lookup.get(frame.panelId) : undefined;
          return (
            <ComicFrame
              key={frame.readingIndex}
              frame={frame}
              boardIndex={start + frame.readingIndex}
              pageNumber={page.number}
              scale={scale}
              border={comic.border}
              panel={entry?.panel}
              number={entry?.number ?? start + frame.readingIndex + 1}
              selected={!!frame.panelId && frame.panelId === selectedId}
              onSelect={onSelect}
            />
          );
        })}
      </PageSheet>
    </section>
  );
}
