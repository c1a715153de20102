"use client";
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { Columns3, Copy, Download, GalleryHorizontal, LayoutGrid, Layers, Play, Plus, Sparkles, Trash2, X } from "lucide-react";
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useShallow } from "zustand/react/shallow";
import { SoundtrackButton } from "@/components/animatic/sound-soundtrack";
import { SampleStoryboardButton } from "@/components/app/sample-storyboard-button";
import { ReviewsButton } from "@/components/review-panel/reviews-button";
import { Button } from "@/components/ui/button";
import { onDemand } from "@/components/ui/on-demand";
import { formatUsd } from "@/lib/fal/pricing";
import { runBatch, type BatchProgress } from "@/lib/generation/batch";
import { recipeCostCents } from "@/lib/generation/request";
import { useCastboard } from "@/lib/state/store";
import { ExportDialog } from "@/components/export/export-dialog";
import { ShareForReviewButton } from "@/components/review-share/share-button";
import { BatchDialog } from "./batch-dialog";
import type { BoardActions, BoardLayout } from "./board-grid";
import { deletePanels, duplicatePanels } from "./board-commands";

// The grid (virtualizer, drag and drop, cards, balloons) loads once there is a panel to show, so a
// first visit, whose board is empty, does not wait for it.
const BoardGrid = onDemand(() => import("./board-grid").then((m) => m.BoardGrid));

export interface BoardSelection {
  selectedId: string | null;
  checked: Set<string>;
  onSelect: (id: string) => void;
  setChecked: (ids: Set<string>) => void;
}

const TOGGLE = "grid size-8 place-items-center rounded-md text-muted hover:bg-black/5 data-[state=on]:bg-surface data-[state=on]:text-ink data-[state=on]:shadow-sm data-[state=on]:ring-1 data-[state=on]:ring-line";

export function Storyboard({
  viewSwitch,
  selectedId,
  checked,
  onSelect,
  setChecked,
  onPresent,
  onSampleOpened,
}: BoardSelection & { viewSwitch?: ReactNode; onPresent: (index: number) => void; onSampleOpened: (firstPanelId: string) => void }) {
  const { panels, characters, mode, settings, addPanel, movePanels, updateSettings } = useCastboard(
    useShallow((s) => ({
      panels: s.panels,
      characters: s.characters,
      mode: s.generationMode,
      settings: s.settings,
      addPanel: s.addPanel,
      movePanels: s.movePanels,
      updateSettings: s.updateSettings,
    })),
  );
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [exporting, setExporting] = useState(false);
  const speakers = useMemo(() => new Map(characters.map((c) => [c.id, c.name])), [characters]);
  const spentCents = panels.flatMap((p) => p.takes).filter((t) => t.mode === "fal").reduce((sum, t) => sum + t.costCents, 0);
  const idle = panels.filter((p) => !p.pending);
  const selectedIds = panels.filter((p) => checked.has(p.id)).map((p) => p.id);
  const selectedIdle = idle.filter((p) => checked.has(p.id)).map((p) => p.id);
  const batch = (confirming ?? []).map((id) => panels.find((p) => p.id === id)!).filter(Boolean);

  const add = (afterId?: string) => onSelect(addPanel(characters[0]?.id ?? null, afterId ?? selectedId ?? undefined).id);
  const start = async (ids: string[]) => {
    setConfirming(null);
    setProgress({ total: ids.length, done: 0, failed: 0, running: 0, stoppedBy: null, unfinished: ids });
    setProgress(await runBatch(ids, settings.batchConcurrency, setProgress));
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(checked);
    if (on) next.add(id);
    else next.delete(id);
    setChecked(next);
  };
  const handlers: BoardActions = {
    select: (id, index, how) => {
      if (how === "toggle") toggle(id, !checked.has(id));
      else if (how === "range" && selectedId) {
        const from = panels.findIndex((p) => p.id === selectedId);
        const [first, last] = from < index ? [from, index] : [index, from];
        setChecked(new Set(panels.slice(first, last + 1).map((p) => p.id)));
      } else {
        if (checked.size > 0) setChecked(new Set());
        onSelect(id);
      }
    },
    check: (id, on) => toggle(id, on),
    insertAfter: (id) => add(id),
    duplicate: (id) => duplicatePanels([id]),
    remove: (id) => deletePanels([id]),
    present: (index) => onPresent(index),
  };
  // Cards get one stable object that always calls the latest handlers.
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });
  const actions = useMemo<BoardActions>(
    () => ({
      select: (...args) => latest.current.select(...args),
      check: (...args) => latest.current.check(...args),
      insertAfter: (id) => latest.current.insertAfter(id),
      duplicate: (id) => latest.current.duplicate(id),
      remove: (id) => latest.current.remove(id),
      present: (index) => latest.current.present(index),
    }),
    [],
  );

  return (
    <section aria-labelledby="board-heading" className="flex h-full min-h-0 min-w-0 flex-col gap-3">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-3">
          {viewSwitch}
          <h2 id="board-heading" className="text-sm font-semibold">
            Storyboard <span className="font-normal text-muted">{panels.length > 0 ? panels.length : ""}</span>
          </h2>
          <ToggleGroup.Root
            type="single"
            value={settings.boardLayout}
            onValueChange={(value) => value && updateSettings({ boardLayout: value as BoardLayout })}
            aria-label="Board layout"
            className="flex gap-0.5 rounded-lg bg-canvas p-0.5 ring-1 ring-line"
          >
            <ToggleGroup.Item value="grid" aria-label="Grid" title="Grid" className={TOGGLE}>
              <LayoutGrid aria-hidden className="size-4" />
            </ToggleGroup.Item>
            <ToggleGroup.Item value="strip" aria-label="Strip" title="Strip" className={TOGGLE}>
              <GalleryHorizontal aria-hidden className="size-4" />
            </ToggleGroup.Item>
          </ToggleGroup.Root>
          {settings.boardLayout === "grid" ? (
            <label className="hidden items-center gap-1.5 text-xs text-muted sm:flex" title="Panels per row">
              <Columns3 aria-hidden className="size-4" />
              <input
                type="range"
                min={1}
                max={8}
                value={settings.boardColumns}
                onChange={(e) => updateSettings({ boardColumns: Number(e.target.value) })}
                aria-label="Panels per row"
                className="w-20 accent-ink"
              />
            </label>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs text-muted" data-testid="cost-meter" title="What this project's fal takes have cost">
            Spent on fal: {formatUsd(spentCents / 100)}
          </span>
          <Button size="sm" onClick={() => setExporting(true)}>
            <Download aria-hidden className="size-4" /> Export
          </Button>
          <ShareForReviewButton />
          <Button size="sm" onClick={() => onPresent(Math.max(0, panels.findIndex((p) => p.id === selectedId)))} disabled={panels.length === 0}>
            <Play aria-hidden className="size-4" /> Present
          </Button>
          <ReviewsButton onSelectPanel={onSelect} />
          <SoundtrackButton />
          <Button size="sm" onClick={() => setConfirming(idle.map((p) => p.id))} disabled={idle.length === 0}>
            <Sparkles aria-hidden className="size-4" /> Generate all
          </Button>
          <Button size="sm" variant="primary" onClick={() => add()}>
            <Plus aria-hidden className="size-4" /> Add panel
          </Button>
        </div>
      </header>

      {selectedIds.length > 0 ? (
        <div className="flex flex-wrap items-center gap-2 rounded-lg bg-surface px-3 py-1.5 text-[13px] ring-1 ring-line" data-testid="selection-bar">
          <span className="font-medium">{selectedIds.length} selected</span>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(selectedIdle)} disabled={selectedIdle.length === 0}>
            <Layers aria-hidden className="size-4" /> Generate selected ({selectedIdle.length})
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setChecked(new Set(duplicatePanels(selectedIds)))}>
            <Copy aria-hidden className="size-4" /> Duplicate
          </Button>
          <Button size="sm" variant="ghost" className="text-red-700" onClick={() => (deletePanels(selectedIds), setChecked(new Set()))}>
            <Trash2 aria-hidden className="size-4" /> Delete
          </Button>
          <Button size="sm" variant="ghost" className="ml-auto" onClick={() => setChecked(new Set())} aria-label="Clear selection">
            <X aria-hidden className="size-4" />
          </Button>
        </div>
      ) : null}

      {progress && progress.done + progress.failed < progress.total && !progress.stoppedBy ? (
        <div role="status" className="flex items-center gap-3 text-xs" data-testid="batch-progress">
          <progress className="h-1.5 flex-1 accent-ink" max={progress.total} value={progress.done + progress.failed} />
          {progress.done + progress.failed} of {progress.total}
        </div>
      ) : null}
      {progress?.stoppedBy ? (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 text-[13px] text-amber-900 ring-1 ring-amber-200" data-testid="batch-stopped">
          The batch stopped after {progress.done} of {progress.total}: {progress.stoppedBy.message}
          {progress.unfinished.length > 0 ? (
            <Button size="sm" className="mt-2 block" onClick={() => setConfirming(progress.unfinished.filter((id) => panels.some((p) => p.id === id && !p.pending)))}>
              Generate the remaining {progress.unfinished.length}
            </Button>
          ) : null}
        </p>
      ) : null}

      {panels.length === 0 ? (
        <div className="flex flex-col items-start gap-3 rounded-xl border border-dashed border-line bg-surface/60 p-6" data-testid="board-empty">
          <p className="text-sm font-medium">Lay out your first shot</p>
          <p className="max-w-prose text-[13px] leading-relaxed text-muted">
            A panel is one shot: a character from the cast, a scene prompt, the framing and the dialogue. Sketch it to block the framing, generate it, pick the best take, drag panels
            into order, and present the sequence.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="primary" size="sm" onClick={() => add()}>
              <Plus aria-hidden className="size-4" /> Add a panel
            </Button>
            {characters.length === 0 ? <SampleStoryboardButton size="sm" onOpened={onSampleOpened} /> : null}
          </div>
        </div>
      ) : (
        <BoardGrid
          what="the board"
          fallback={<p className="text-[13px] text-muted">Loading the board…</p>}
          // The virtualizer's direction is set once at mount: switching layout starts a new one.
          key={settings.boardLayout}
          panels={panels}
          layout={settings.boardLayout}
          columns={settings.boardColumns}
          selectedId={selectedId}
          checked={checked}
          speakers={speakers}
          actions={actions}
          onMove={movePanels}
        />
      )}
      <ExportDialog open={exporting} onOpenChange={setExporting} panelCount={panels.length} />
      <BatchDialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        panels={batch.length}
        images={batch.reduce((sum, p) => sum + p.recipe.settings.numImages, 0)}
        costCents={batch.reduce((sum, p) => sum + recipeCostCents(p.recipe), 0)}
        mode={mode}
        onConfirm={() => void start(confirming ?? [])}
      />
    </section>
  );
}
