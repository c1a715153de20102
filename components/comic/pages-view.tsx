"use client";
import * as Popover from "@radix-ui/react-popover";
import { BookOpen, FilePlus2, LayoutTemplate, TriangleAlert } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { onDemand } from "@/components/ui/on-demand";
import { PopoverPanel } from "@/components/ui/popover-panel";
import { DEFAULT_PANELS_PER_PAGE, MAX_PANELS_PER_PAGE, pagesForOverflow } from "@/lib/comic/flow";
import { useCastboard } from "@/lib/state/store";
import { FrameToolbar } from "./frame-toolbar";
import { LetterToolbar } from "./letter-toolbar";
import { PageSettings } from "./page-settings";
import { PagesGrid } from "./pages-grid";
import { useComic } from "./use-comic";

const ReadMode = onDemand(() => import("./read-mode").then((m) => m.ReadMode));

/**
 * The board as comic pages: the panels flow in board order into each page's frames. Laying out,
 * page layouts, page setup, framing and moving panels between pages all happen here; read mode
 * shows the pages as a reader will.
 */
export function PagesView({ viewSwitch, selectedId, onSelect }: { viewSwitch: ReactNode; selectedId: string | null; onSelect: (panelId: string) => void }) {
  const { comic, resolved, starts, overflow, lookup, panelCount } = useComic();
  const [reading, setReading] = useState<number | null>(null);
  const { addPage, updateComic } = useCastboard.getState();
  const pages = resolved.pages;
  const selectedPage = pages.findIndex((p) => p.frames.some((f) => f.panelId && f.panelId === selectedId));
  const selectedFrame = pages[selectedPage]?.frames.find((f) => f.panelId === selectedId);
  const selected = selectedId ? lookup.get(selectedId) : undefined;
  const manga = comic.settings.readingDirection === "rtl";

  return (
    <section aria-labelledby="pages-heading" className="flex h-full min-h-0 min-w-0 flex-col gap-3" data-testid="pages-view">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-3">
          {viewSwitch}
          <h2 id="pages-heading" className="text-sm font-semibold">
            Pages <span className="font-normal text-muted">{pages.length > 0 ? pages.length : ""}</span>
          </h2>
        </div>
        {pages.length > 0 ? (
          <div className="flex flex-wrap items-center gap-2">
            <LayOutButton panelCount={panelCount} again />
            <PageSettings settings={comic.settings} />
            <Button size="sm" onClick={() => setReading(Math.max(0, selectedPage))}>
              <BookOpen aria-hidden className="size-4" /> Read
            </Button>
            <Button size="sm" variant="primary" onClick={() => addPage()}>
              <FilePlus2 aria-hidden className="size-4" /> Add page
            </Button>
          </div>
        ) : null}
      </header>

      {pages.length === 0 ? (
        <div className="flex flex-col items-start gap-3 rounded-xl border border-dashed border-line bg-surface/60 p-6" data-testid="pages-empty">
          <p className="text-sm font-medium">Lay the board out as comic pages</p>
          <p className="max-w-prose text-[13px] leading-relaxed text-muted">
            Your panels flow into pages in board order. Each page gets a layout you can change, from a full-page splash to a nine-panel grid or a right-to-left manga page;
            drag panels between frames, then pan and zoom each image to frame it.
          </p>
          {panelCount === 0 ? <p className="text-[13px] text-muted">Add panels on the board first: there is nothing to lay out yet.</p> : <LayOutButton panelCount={panelCount} />}
        </div>
      ) : (
        <>
          {overflow.length > 0 ? (
            <div role="status" className="flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 px-3 py-2 text-[13px] text-amber-900 ring-1 ring-amber-200" data-testid="pages-overflow">
              <TriangleAlert aria-hidden className="size-4" />
              {overflow.length === 1 ? "1 panel is" : `${overflow.length} panels are`} not on a page yet: the pages have fewer frames than the board has panels.
              <Button size="sm" className="ml-auto" onClick={() => updateComic((c) => ({ ...c, pages: [...c.pages, ...pagesForOverflow(overflow.length, DEFAULT_PANELS_PER_PAGE, manga)] }), "Add pages")}>
                <FilePlus2 aria-hidden className="size-4" /> Add pages for them
              </Button>
            </div>
          ) : null}
          {selected && selectedFrame ? (
            <FrameToolbar
              frame={selectedFrame}
              panel={selected.panel}
              number={selected.number}
              pageNumber={selectedPage + 1}
              boardIndex={starts[selectedPage]! + selectedFrame.readingIndex}
              starts={starts}
            />
          ) : (
            <p className="text-xs text-muted" data-testid="pages-hint">
              Select a frame to pan and zoom its image; drag a frame&apos;s grip (or focus it and press Space) to move its panel to another frame.
            </p>
          )}
          <LetterToolbar panelId={selectedFrame ? selectedId : null} />
          <PagesGrid comic={resolved} starts={starts} lookup={lookup} selectedId={selectedId} onSelect={onSelect} />
        </>
      )}
      {reading !== null ? <ReadMode what="read mode" comic={resolved} lookup={lookup} startPage={reading} onClose={() => setReading(null)} /> : null}
    </section>
  );
}

/** "Lay out pages": how many panels a page, then pages laid out for the whole board (undoable, like every page edit). */
function LayOutButton({ panelCount, again = false }: { panelCount: number; again?: boolean }) {
  const [perPage, setPerPage] = useState(DEFAULT_PANELS_PER_PAGE);
  const layOut = useCastboard((s) => s.layOutPages);
  const id = useId();
  const pages = Math.ceil(panelCount / perPage) || 1;
  const button = (
    <Button variant="primary" size="sm" onClick={() => layOut(perPage)} data-testid="lay-out-pages">
      <LayoutTemplate aria-hidden className="size-4" /> Lay out pages
    </Button>
  );
  const form = (
    <div className="flex flex-wrap items-end gap-2">
      <label htmlFor={id} className="grid gap-1 text-xs font-medium">
        Panels per page
        <select id={id} value={perPage} onChange={(e) => setPerPage(Number(e.target.value))} className="h-8 rounded-md bg-surface px-2 text-[13px] font-normal ring-1 ring-line">
          {Array.from({ length: MAX_PANELS_PER_PAGE }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n === 1 ? "1 (splash pages)" : `Up to ${n}`}
            </option>
          ))}
        </select>
      </label>
      {again ? <Popover.Close asChild>{button}</Popover.Close> : button}
      <span className="pb-1.5 text-xs text-muted">
        {panelCount} panels → {pages} {pages === 1 ? "page" : "pages"}
      </span>
    </div>
  );
  if (!again) return form;
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button size="sm">
          <LayoutTemplate aria-hidden className="size-4" /> Lay out again
        </Button>
      </Popover.Trigger>
      <PopoverPanel className="grid w-[min(92vw,340px)] gap-2 p-4" aria-label="Lay out again">
        <p className="text-xs leading-snug text-muted">New layouts for every page, to fit the whole board. Framing and lettering stay with their panels; Undo takes it back.</p>
        {form}
      </PopoverPanel>
    </Popover.Root>
  );
}
