"use client";
import { CircleHelp, UserRound } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Toaster } from "sonner";
import { PanelInspector } from "@/components/board/panel-inspector";
import { Storyboard } from "@/components/board/storyboard";
import { CastPanel } from "@/components/cast/cast-panel";
import { CharacterDetail } from "@/components/cast/character-detail";
import { MaskPainter } from "@/components/mask-painter/mask-painter";
import { ModeBadge } from "@/components/shell/mode-badge";
import { freeUnreferencedImages } from "@/lib/cast/garbage";
import { resumePending } from "@/lib/generation/generate";
import type { AppMode } from "@/lib/server/config";
import { useCastboard } from "@/lib/state/store";
import { LoadReportBanner } from "./load-report-banner";
import { SaveIndicator } from "./save-indicator";
import { SettingsDialog } from "./settings-dialog";

type Selection = { kind: "character"; id: string } | { kind: "panel"; id: string } | null;

export function CastboardApp({ mode }: { mode: AppMode }) {
  const hydrated = useCastboard((s) => s.hydrated);
  const characters = useCastboard((s) => s.characters);
  const panels = useCastboard((s) => s.panels);
  const [selection, setSelection] = useState<Selection>(null);
  const [painting, setPainting] = useState(false);

  useEffect(() => {
    useCastboard.setState({ generationMode: mode === "fal" ? "fal" : "draft" });
  }, [mode]);
  useEffect(() => {
    if (!hydrated) return;
    void freeUnreferencedImages();
    resumePending();
  }, [hydrated]);

  const panelIndex = selection?.kind === "panel" ? panels.findIndex((p) => p.id === selection.id) : -1;
  const panel = panels[panelIndex];
  const character =
    selection?.kind === "character" ? characters.find((c) => c.id === selection.id) : !panel ? characters[0] : undefined;
  const selectCharacter = (id: string | null) => setSelection(id ? { kind: "character", id } : null);

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex items-center justify-between gap-3 border-b border-line bg-surface px-4 py-2.5">
        <div className="flex items-center gap-2.5">
          <span aria-hidden className="grid size-7 grid-cols-2 gap-0.5 rounded-md bg-ink p-1.5">
            <span className="rounded-[2px] bg-canvas" />
            <span className="rounded-[2px] bg-accent" />
            <span className="rounded-[2px] bg-accent" />
            <span className="rounded-[2px] bg-canvas" />
          </span>
          <h1 className="text-[15px] font-semibold tracking-tight">Castboard</h1>
        </div>
        <div className="flex items-center gap-2">
          <SaveIndicator />
          <ModeBadge mode={mode} compact />
          <Link href="/setup" aria-label="Setup guide" title="Setup guide" className="grid size-9 place-items-center rounded-md hover:bg-black/5">
            <CircleHelp aria-hidden className="size-4" />
          </Link>
          <SettingsDialog />
        </div>
      </header>
      <LoadReportBanner />
      <main className="grid flex-1 grid-cols-1 lg:grid-cols-[280px_minmax(0,1fr)_400px]">
        <div className="border-b border-line lg:border-r lg:border-b-0">
          <CastPanel selectedId={character?.id ?? null} onSelect={selectCharacter} />
        </div>
        <div className="min-w-0 border-b border-line p-4 lg:border-b-0">
          <Storyboard selectedId={panel?.id ?? null} onSelect={(id) => setSelection({ kind: "panel", id })} />
        </div>
        <aside className="min-w-0 bg-surface/50 p-4 lg:border-l lg:border-line" aria-label="Inspector">
          {panel ? (
            <PanelInspector panel={panel} number={panelIndex + 1} />
          ) : character ? (
            <CharacterDetail character={character} onPaintMask={() => setPainting(true)} onSelect={selectCharacter} />
          ) : hydrated ? (
            <div className="flex flex-col items-center gap-3 py-16 text-center" data-testid="detail-empty">
              <UserRound aria-hidden className="size-8 text-muted" />
              <p className="text-base font-medium">Your characters appear here</p>
              <p className="text-sm leading-relaxed text-muted">
                Add a character on the left, then paint a mask over it so every panel keeps the same face, colours and shape.
              </p>
            </div>
          ) : null}
        </aside>
      </main>
      {character && painting ? <MaskPainter character={character} onClose={() => setPainting(false)} /> : null}
      <Toaster position="bottom-center" richColors closeButton />
    </div>
  );
}
