"use client";
import { CircleHelp, UserRound } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Toaster } from "sonner";
import { CastPanel } from "@/components/cast/cast-panel";
import { CharacterDetail } from "@/components/cast/character-detail";
import { MaskPainter } from "@/components/mask-painter/mask-painter";
import { ModeBadge } from "@/components/shell/mode-badge";
import { freeUnreferencedImages } from "@/lib/cast/garbage";
import type { AppMode } from "@/lib/server/config";
import { useCastboard } from "@/lib/state/store";
import { LoadReportBanner } from "./load-report-banner";
import { SettingsDialog } from "./settings-dialog";

export function CastboardApp({ mode }: { mode: AppMode }) {
  const hydrated = useCastboard((s) => s.hydrated);
  const characters = useCastboard((s) => s.characters);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [painting, setPainting] = useState(false);
  const selected = characters.find((c) => c.id === selectedId) ?? characters[0] ?? null;

  useEffect(() => {
    if (hydrated) void freeUnreferencedImages();
  }, [hydrated]);

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
          <ModeBadge mode={mode} compact />
          <Link href="/setup" aria-label="Setup guide" title="Setup guide" className="grid size-9 place-items-center rounded-md hover:bg-black/5">
            <CircleHelp aria-hidden className="size-4" />
          </Link>
          <SettingsDialog />
        </div>
      </header>
      <LoadReportBanner />
      <main className="grid flex-1 grid-cols-1 md:grid-cols-[300px_1fr]">
        <div className="border-b border-line md:border-r md:border-b-0">
          <CastPanel selectedId={selected?.id ?? null} onSelect={setSelectedId} />
        </div>
        <div className="min-w-0 p-4 md:p-8">
          {selected ? (
            <div className="mx-auto max-w-3xl">
              <CharacterDetail character={selected} onPaintMask={() => setPainting(true)} onSelect={setSelectedId} />
            </div>
          ) : hydrated ? (
            <div className="mx-auto flex max-w-md flex-col items-center gap-3 py-16 text-center" data-testid="detail-empty">
              <UserRound aria-hidden className="size-8 text-muted" />
              <p className="text-base font-medium">Your characters appear here</p>
              <p className="text-sm leading-relaxed text-muted">
                Add a character on the left, then paint a mask over it so every panel keeps the same face, colours and shape.
              </p>
            </div>
          ) : null}
        </div>
      </main>
      {selected && painting ? <MaskPainter character={selected} onClose={() => setPainting(false)} /> : null}
      <Toaster position="bottom-center" richColors closeButton />
    </div>
  );
}
