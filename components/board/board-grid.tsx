"use client";
import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { horizontalListSortingStrategy, rectSortingStrategy, SortableContext, sortableKeyboardCoordinates, useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { panelAspect } from "@/lib/board/chosen";
import type { Panel } from "@/lib/state/panel-schema";
import { PanelCard, type PanelCardActions } from "./panel-card";

export type BoardLayout = "grid" | "strip";

export interface BoardActions {
  select(id: string, index: number, how: "only" | "toggle" | "range"): void;
  check(id: string, on: boolean): void;
  insertAfter(id: string): void;
  duplicate(id: string): void;
  remove(id: string): void;
  present(index: number): void;
}

interface Props {
  panels: Panel[];
  layout: BoardLayout;
  columns: number;
  selectedId: string | null;
  checked: Set<string>;
  speakers: Map<string, string>;
  /** Stable across renders, so cards that did not change skip re-rendering while the board scrolls. */
  actions: BoardActions;
  /** Moves the dragged panel (and the others selected with it) so it lands where it was dropped. */
  onMove: (ids: string[], toIndex: number) => void;
}

const GAP = 12;
const CARD_TEXT_HEIGHT = 104;
const MIN_CARD_WIDTH = 190;
const STRIP_IMAGE_HEIGHT = 200;

type SortableCardProps = { panel: Panel; index: number; last: boolean; selected: boolean; checked: boolean; speakers: Map<string, string>; actions: BoardActions };

const SortableCard = memo(function SortableCard({ panel, index, last, selected, checked, speakers, actions }: SortableCardProps) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, transform, transition, isDragging } = useSortable({ id: panel.id });
  const on = (listeners ?? {}) as Record<string, ((event: never) => void) | undefined>;
  const cardActions = useMemo<PanelCardActions>(
    () => ({
      onSelect: (how) => actions.select(panel.id, index, how),
      onCheck: (value) => actions.check(panel.id, value),
      onInsertAfter: () => actions.insertAfter(panel.id),
      onDuplicate: () => actions.duplicate(panel.id),
      onDelete: () => actions.remove(panel.id),
      onPresent: () => actions.present(index),
    }),
    [actions, panel.id, index],
  );
  return (
    <PanelCard
      ref={setNodeRef}
      panel={panel}
      number={index + 1}
      last={last}
      selected={selected}
      checked={checked}
      speakers={speakers}
      dragging={isDragging}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      // The whole card can be dragged with a pointer; only the handle takes the keyboard, so Space on
      // the card's own buttons keeps its meaning.
      rootProps={{ onPointerDown: on.onPointerDown, onTouchStart: on.onTouchStart }}
      handleRef={setActivatorNodeRef}
      handleProps={{ ...attributes, role: undefined, tabIndex: undefined, onKeyDown: on.onKeyDown }}
      {...cardActions}
    />
  );
});

/**
 * The board as a virtualized grid (rows) or strip (columns): only what is on screen is in the DOM,
 * so a 300-panel board scrolls and drags like a 6-panel one and holds only visible images.
 */
export function BoardGrid({ panels, layout, columns, selectedId, checked, speakers, actions, onMove }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [activeId, setActiveId] = useState<string | null>(null);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const cols = layout === "grid" ? Math.max(1, Math.min(columns, Math.floor((width + GAP) / (MIN_CARD_WIDTH + GAP)) || 1)) : 1;
  const rows = useMemo(() => {
    if (layout === "strip") return panels.map((p) => [p]);
    const out: Panel[][] = [];
    for (let i = 0; i < panels.length; i += cols) out.push(panels.slice(i, i + cols));
    return out;
  }, [panels, cols, layout]);
  const cardWidth = (width - GAP * (cols - 1) - 8) / cols;

  // eslint-disable-next-line react-hooks/incompatible-library -- its measurements are read fresh on every render, never memoized
  const virtualizer = useVirtualizer({
    count: rows.length,
    horizontal: layout === "strip",
    getScrollElement: () => scroller.current,
    estimateSize: (i) =>
      layout === "strip"
        ? STRIP_IMAGE_HEIGHT * panelAspect(rows[i]![0]!)
        : Math.max(...rows[i]!.map((p) => cardWidth / panelAspect(p))) + CARD_TEXT_HEIGHT + GAP,
    overscan: 2,
    // Rows carry their own bottom padding (measured with them); strip cards are measured bare.
    gap: layout === "strip" ? GAP : 0,
    // Scrolling moves rows by writing their transforms directly: React renders only when rows come
    // into or leave view, and then in its normal batch rather than inside the scroll event.
    directDomUpdates: true,
    useFlushSync: false,
    getItemKey: (i) => rows[i]!.map((p) => p.id).join(),
  });
  useEffect(() => virtualizer.measure(), [cardWidth, layout, virtualizer]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = useMemo(() => panels.map((p) => p.id), [panels]);
  const indexOf = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids]);

  const onDragStart = ({ active }: DragStartEvent) => setActiveId(String(active.id));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setActiveId(null);
    if (!over || active.id === over.id) return;
    const id = String(active.id);
    const moving = checked.has(id) && checked.size > 1 ? ids.filter((x) => checked.has(x)) : [id];
    if (moving.includes(String(over.id))) return;
    const rest = ids.filter((x) => !moving.includes(x));
    const forward = indexOf.get(String(over.id))! > indexOf.get(id)!;
    onMove(moving, rest.indexOf(String(over.id)) + (forward ? 1 : 0));
  };
  const active = activeId ? panels.find((p) => p.id === activeId) : undefined;

  const card = (panel: Panel) => {
    const index = indexOf.get(panel.id)!;
    return (
      <SortableCard
        key={panel.id}
        panel={panel}
        index={index}
        last={index === panels.length - 1}
        selected={panel.id === selectedId}
        checked={checked.has(panel.id)}
        speakers={speakers}
        actions={actions}
      />
    );
  };

  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setActiveId(null)}>
      <SortableContext items={ids} strategy={layout === "strip" ? horizontalListSortingStrategy : rectSortingStrategy}>
        <div ref={scroller} className="min-h-0 flex-1 overflow-auto px-1 pt-1 pb-4" data-testid="board-scroller" data-layout={layout}>
          <div
            role="list"
            aria-label="Storyboard panels"
            className="relative"
            ref={virtualizer.containerRef}
            style={layout === "strip" ? { height: STRIP_IMAGE_HEIGHT + CARD_TEXT_HEIGHT + 8 } : undefined}
          >
            {virtualizer.getVirtualItems().map((item) => (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="absolute top-0 left-0"
                style={layout === "strip" ? { width: item.size } : { width: "100%", paddingBottom: GAP }}
              >
                {layout === "strip" ? (
                  card(rows[item.index]![0]!)
                ) : (
                  <div className="grid items-start" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gap: GAP }}>
                    {rows[item.index]!.map(card)}
                  </div>
                )}
              </div>
            ))}
          </div>
        </div>
      </SortableContext>
      <DragOverlay>
        {active ? (
          <div className="rotate-1 rounded-xl bg-surface px-3 py-2 text-[13px] font-semibold shadow-xl ring-1 ring-line">
            Shot {(indexOf.get(active.id) ?? 0) + 1}
            {checked.has(active.id) && checked.size > 1 ? ` + ${checked.size - 1} more` : ""}
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
