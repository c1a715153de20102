"use client";
import { Layers, Plus, Sparkles } from "lucide-react";
import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { Button } from "@/components/ui/button";
import { formatUsd } from "@/lib/fal/pricing";
import { runBatch, type BatchProgress } from "@/lib/generation/batch";
import { recipeCostCents } from "@/lib/generation/request";
import { useCastboard } from "@/lib/state/store";
import { BatchDialog } from "./batch-dialog";
import { PanelCard } from "./panel-card";

export function Storyboard({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string) => void }) {
  const { panels, characters, mode, concurrency, addPanel } = useCastboard(
    useShallow((s) => ({ panels: s.panels, characters: s.characters, mode: s.generationMode, concurrency: s.settings.batchConcurrency, addPanel: s.addPanel })),
  );
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const spentCents = panels.flatMap((p) => p.takes).filter((t) => t.mode === "fal").reduce((sum, t) => sum + t.costCents, 0);
  const idle = panels.filter((p) => !p.pending);
  const selectedIds = idle.filter((p) => checked.has(p.id)).map((p) => p.id);
  const batch = (confirming ?? []).map((id) => panels.find((p) => p.id === id)!).filter(Boolean);

  const add = () => onSelect(addPanel(characters[0]?.id ?? null, selectedId ?? undefined).id);
  const start = async (ids: string[]) => {
    setConfirming(null);
    setProgress({ total: ids.length, done: 0, failed: 0, running: 0, stoppedBy: null });
    setProgress(await runBatch(ids, concurrency, setProgress));
  };

  return (
    <section aria-labelledby="board-heading" className="flex min-w-0 flex-col gap-4">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="board-heading" className="text-sm font-semibold">
          Storyboard <span className="font-normal text-muted">{panels.length > 0 ? panels.length : ""}</span>
        </h2>
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs text-muted" data-testid="cost-meter" title="What this project's fal takes have cost">
            Spent on fal: {formatUsd(spentCents / 100)}
          </span>
          <Button size="sm" onClick={() => setConfirming(selectedIds)} disabled={selectedIds.length === 0}>
            <Layers aria-hidden className="size-4" /> Generate selected{selectedIds.length ? ` (${selectedIds.length})` : ""}
          </Button>
          <Button size="sm" onClick={() => setConfirming(idle.map((p) => p.id))} disabled={idle.length === 0}>
            <Sparkles aria-hidden className="size-4" /> Generate all
          </Button>
          <Button size="sm" variant="primary" onClick={add}>
            <Plus aria-hidden className="size-4" /> Add panel
          </Button>
        </div>
      </header>

      {progress && progress.done + progress.failed < progress.total && !progress.stoppedBy ? (
        <div role="status" className="flex items-center gap-3 text-xs" data-testid="batch-progress">
          <progress className="h-1.5 flex-1 accent-ink" max={progress.total} value={progress.done + progress.failed} />
          {progress.done + progress.failed} of {progress.total}
        </div>
      ) : null}
      {progress?.stoppedBy ? (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 text-[13px] text-amber-900 ring-1 ring-amber-200" data-testid="batch-stopped">
          The batch stopped after {progress.done} of {progress.total}: {progress.stoppedBy.message}
        </p>
      ) : null}

      {panels.length === 0 ? (
        <div className="flex flex-col items-start gap-3 rounded-xl border border-dashed border-line bg-surface/60 p-6" data-testid="board-empty">
          <p className="text-sm font-medium">Lay out your first shot</p>
          <p className="max-w-prose text-[13px] leading-relaxed text-muted">
            A panel is one shot: a character from the cast, a scene prompt and its settings. Generate it, pick the best take, and build the sequence.
          </p>
          <Button variant="primary" size="sm" onClick={add}>
            <Plus aria-hidden className="size-4" /> Add a panel
          </Button>
        </div>
      ) : (
        <ol className="grid grid-cols-[repeat(auto-fill,minmax(200px,1fr))] gap-3">
          {panels.map((panel, i) => (
            <PanelCard
              key={panel.id}
              panel={panel}
              number={i + 1}
              selected={panel.id === selectedId}
              checked={checked.has(panel.id)}
              onSelect={() => onSelect(panel.id)}
              onCheck={(on) =>
                setChecked((set) => {
                  const next = new Set(set);
                  if (on) next.add(panel.id);
                  else next.delete(panel.id);
                  return next;
                })
              }
            />
          ))}
        </ol>
      )}
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
