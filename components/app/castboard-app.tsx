"use client";
import { clsx } from "clsx";
import { CircleHelp, Keyboard, Redo2, Undo2, UserRound } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Toaster } from "sonner";
import { useShallow } from "zustand/react/shallow";
import { redo, undo } from "@/components/board/board-commands";
import { PanelInspector } from "@/components/board/panel-inspector";
import { Storyboard } from "@/components/board/storyboard";
import { useBoardShortcuts } from "@/components/board/use-board-shortcuts";
import { CastPanel } from "@/components/cast/cast-panel";
import { ViewSwitch, type CentreView } from "@/components/comic/view-switch";
import { CharacterDetail } from "@/components/cast/character-detail";
import { ModeBadge } from "@/components/shell/mode-badge";
import { Button } from "@/components/ui/button";
import { onDemand } from "@/components/ui/on-demand";
import { freeUnreferencedImages } from "@/lib/cast/garbage";
import { resumePending } from "@/lib/generation/generate";
import type { AppMode } from "@/lib/server/config";
import { useCastboard } from "@/lib/state/store";
import { startSync } from "@/lib/state/sync";
import { ConflictBanner } from "./conflict-banner";
import { LoadReportBanner } from "./load-report-banner";
import { ProjectMenu } from "./project-menu";
import { SaveIndicator } from "./save-indicator";
import { SettingsDialog } from "./settings-dialog";
import { ShortcutsSheet } from "./shortcuts-sheet";
import { SignOutButton } from "./sign-out-button";

// Full-screen surfaces load when first opened, keeping the PNG decoder and the player out of the first load.
const MaskPainter = onDemand(() => import("@/components/mask-painter/mask-painter").then((m) => m.MaskPainter));
const Presentation = onDemand(() => import("@/components/present/presentation").then((m) => m.Presentation));
const PagesView = onDemand(() => import("@/components/comic/pages-view").then((m) => m.PagesView));

type Selection = { kind: "character"; id: string } | { kind: "panel"; id: string } | null;
type Tab = "cast" | "board" | "shot";

/** `signedIn`: the server needs an access token, so this browser has a session it can end. */
export function CastboardApp({ mode, signedIn = false }: { mode: AppMode; signedIn?: boolean }) {
  const { hydrated, projectId, characters, panels, canUndo, canRedo } = useCastboard(
    useShallow((s) => ({ hydrated: s.hydrated, projectId: s.projectId, characters: s.characters, panels: s.panels, canUndo: s.past.length > 0, canRedo: s.future.length > 0 })),
  );
  const [selection, setSelection] = useState<Selection>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [painting, setPainting] = useState(false);
  const [presenting, setPresenting] = useState<number | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [tab, setTab] = useState<Tab>("cast");
  const [view, setView] = useState<CentreView>("board");

  useEffect(() => void startSync(), []);
  useEffect(() => {
    useCastboard.getState().setGenerationMode(mode === "fal" ? "fal" : "draft");
  }, [mode]);
  useEffect(() => {
    // Selections from another project simply match nothing here; only storage work is needed.
    if (!hydrated || !projectId) return;
    void freeUnreferencedImages();
    resumePending();
  }, [hydrated, projectId]);

  const panelIndex = selection?.kind === "panel" ? panels.findIndex((p) => p.id === selection.id) : -1;
  const panel = panels[panelIndex];
  const inspector = useRef<HTMLElement>(null);
  const inspectedPanelId = panel?.id;
  // Another panel's details open at their "Shot N" heading, not at the previous panel's scroll position.
  useEffect(() => {
    if (inspectedPanelId) inspector.current?.scrollTo({ top: 0 });
  }, [inspectedPanelId]);
  const character = selection?.kind === "character" ? characters.find((c) => c.id === selection.id) : !panel ? characters[0] : undefined;
  // On a phone the three columns are tabs: choosing something shows its details.
  const showDetails = () => window.matchMedia("(max-width: 1023px)").matches && setTab("shot");
  const selectCharacter = (id: string | null) => setSelection(id ? { kind: "character", id } : null);
  const selectPanel = (id: string) => {
    setSelection({ kind: "panel", id });
    showDetails();
  };
  // The sample opens on its first shot, with the board in view on a phone.
  const sampleOpened = (firstPanelId: string) => {
    setSelection({ kind: "panel", id: firstPanelId });
    setTab("board");
  };

  useBoardShortcuts({
      selectedId: panel?.id ?? null,
      checked,
      enabled: !painting && presenting === null,
      select: selectPanel,
      setChecked,
      addPanel: () => {
        const { addPanel, characters } = useCastboard.getState();
        selectPanel(addPanel(characters[0]?.id ?? null, panel?.id).id);
      },
      present: () => panels.length && setPresenting(Math.max(0, panelIndex)),
      showHelp: () => setHelpOpen(true),
  });

  const column = (which: Tab) => clsx(tab === which ? "flex" : "hidden", "min-h-0 min-w-0 flex-col lg:flex");

  return (
    // data-hydrated: the project is loaded and the controls are live (server-rendered ones are visible before).
    <div className="flex h-dvh flex-col" data-hydrated={hydrated}>
      <header className="flex items-center justify-between gap-2 border-b border-line bg-surface px-3 py-2 sm:px-4">
        <div className="flex min-w-0 items-center gap-2">
          <span aria-hidden className="grid size-7 shrink-0 grid-cols-2 gap-0.5 rounded-md bg-ink p-1.5">
            <span className="rounded-[2px] bg-canvas" />
            <span className="rounded-[2px] bg-accent" />
            <span className="rounded-[2px] bg-accent" />
            <span className="rounded-[2px] bg-canvas" />
          </span>
          <h1 className="sr-only">Castboard</h1>
          <ProjectMenu />
        </div>
        <div className="flex items-center gap-1 sm:gap-2">
          <SaveIndicator />
          <div className="hidden items-center sm:flex">
            <Button variant="ghost" size="icon" aria-label="Undo board change" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={undo}>
              <Undo2 aria-hidden className="size-4" />
            </Button>
            <Button variant="ghost" size="icon" aria-label="Redo board change" title="Redo (Shift+Ctrl+Z)" disabled={!canRedo} onClick={redo}>
              <Redo2 aria-hidden className="size-4" />
            </Button>
          </div>
          <ModeBadge mode={mode} compact />
          <span className="hidden sm:contents">
            <Button variant="ghost" size="icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelpOpen(true)}>
              <Keyboard aria-hidden className="size-4" />
            </Button>
          </span>
          <Link href="/setup" aria-label="Setup guide" title="Setup guide" className="grid size-9 place-items-center rounded-md hover:bg-black/5">
            <CircleHelp aria-hidden className="size-4" />
          </Link>
          <SettingsDialog />
          {signedIn ? <SignOutButton /> : null}
        </div>
      </header>
      <LoadReportBanner />
      <ConflictBanner />
      <main className="grid min-h-0 flex-1 grid-cols-1 lg:grid-cols-[272px_minmax(0,1fr)_400px]">
        <div className={clsx(column("cast"), "overflow-y-auto border-line lg:border-r")}>
          <CastPanel
            selectedId={character?.id ?? null}
            onSelect={selectCharacter}
            onOpenMask={(id) => {
              selectCharacter(id);
              setPainting(true);
            }}
            onSampleOpened={sampleOpened}
          />
        </div>
        <div className={clsx(column("board"), "p-3 sm:p-4")}>
          {view === "pages" ? (
            <PagesView
              what="the pages"
              fallback={<p className="text-[13px] text-muted">Loading the pages…</p>}
              viewSwitch={<ViewSwitch view={view} onChange={setView} />}
              selectedId={panel?.id ?? null}
              // Framing a page keeps the pages in view on a phone: the shot's details stay a tab away.
              onSelect={(id) => setSelection({ kind: "panel", id })}
            />
          ) : (
            <Storyboard
              viewSwitch={<ViewSwitch view={view} onChange={setView} />}
              selectedId={panel?.id ?? null}
              checked={checked}
              setChecked={setChecked}
              onSelect={selectPanel}
              onPresent={(index) => setPresenting(index)}
              onSampleOpened={sampleOpened}
            />
          )}
        </div>
        <aside ref={inspector} className={clsx(column("shot"), "overflow-y-auto bg-surface/50 p-4 lg:border-l lg:border-line")} aria-label="Inspector">
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
      <nav aria-label="Sections" className="grid grid-cols-3 border-t border-line bg-surface lg:hidden">
        {(["cast", "board", "shot"] as const).map((t) => (
          <button
            key={t}
            type="button"
            aria-pressed={tab === t}
            onClick={() => setTab(t)}
            className={clsx("h-12 text-[13px] font-medium", tab === t ? "text-ink shadow-[inset_0_2px_0_var(--color-ink)]" : "text-muted")}
          >
            {t === "cast" ? "Cast" : t === "board" ? "Board" : panel ? `Shot ${panelIndex + 1}` : "Details"}
          </button>
        ))}
      </nav>
      {character && painting ? <MaskPainter what="the mask painter" character={character} onClose={() => setPainting(false)} /> : null}
      {presenting !== null ? <Presentation what="the presentation" startIndex={presenting} onClose={() => setPresenting(null)} /> : null}
      <ShortcutsSheet open={helpOpen} onOpenChange={setHelpOpen} />
      <Toaster position="bottom-center" richColors closeButton />
    </div>
  );
}
