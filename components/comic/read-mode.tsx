"use client";
import { clsx } from "clsx";
import { BookOpen, ChevronLeft, ChevronRight, File, X } from "lucide-react";
import { useEffect, useRef, useState, type PointerEvent } from "react";
import { createPortal } from "react-dom";
import type { ResolvedComic, ResolvedPage } from "@/lib/comic/comic-types";
import type { Panel } from "@/lib/state/panel-schema";
import { renderPageOverlay } from "./page-overlay";
import { FrameArt, PageSheet, rectStyle } from "./page-sheet";

const SWIPE_PX = 50;
const CHROME_PX = 120;

/** Spreads as a printed book has them: page 1 alone, then pairs. */
const spreadOf = (page: number) => (page === 0 ? 0 : Math.ceil(page / 2));
const spreadPages = (spread: number, count: number) => (spread === 0 ? [0] : [spread * 2 - 1, spread * 2].filter((p) => p < count));

/**
 * The pages as a reader sees them, full screen: one page or a spread of two, turned with the arrow
 * keys (the left arrow turns forward in a right-to-left book), a swipe or the buttons; Escape leaves.
 */
export function ReadMode({ comic, lookup, startPage, onClose }: { comic: ResolvedComic; lookup: Map<string, { panel: Panel; number: number }>; startPage: number; onClose: () => void }) {
  const count = comic.pages.length;
  const [spreads, setSpreads] = useState(() => typeof window !== "undefined" && window.innerWidth >= 900);
  const [page, setPage] = useState(Math.min(startPage, count - 1));
  const [viewport, setViewport] = useState({ width: 1200, height: 800 });
  const root = useRef<HTMLDivElement>(null);
  const swipe = useRef<number | null>(null);
  const rtl = comic.readingDirection === "rtl";
  const shown = spreads ? spreadPages(spreadOf(page), count) : [page];
  const lastShown = shown.at(-1)!;
  const next = () => setPage((p) => (spreads ? Math.min(count - 1, spreadPages(spreadOf(p) + 1, count)[0] ?? p) : Math.min(count - 1, p + 1)));
  const previous = () => setPage((p) => (spreads ? (spreadPages(Math.max(0, spreadOf(p) - 1), count)[0] ?? 0) : Math.max(0, p - 1)));
  const latest = useRef({ next, previous, onClose, rtl });
  useEffect(() => {
    latest.current = { next, previous, onClose, rtl };
  });

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    root.current?.focus();
    const measure = () => setViewport({ width: window.innerWidth, height: window.innerHeight });
    measure();
    const onKey = (event: KeyboardEvent) => {
      const { next: forward, previous: back, onClose: close, rtl: manga } = latest.current;
      if (event.key === "Escape") close();
      else if (event.key === "ArrowRight") (manga ? back : forward)();
      else if (event.key === "ArrowLeft") (manga ? forward : back)();
      else if (event.key === "PageDown" || event.key === " ") forward();
      else if (event.key === "PageUp") back();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("resize", measure);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("resize", measure);
      opener?.focus();
    };
  }, []);

  const across = shown.length;
  const scale = Math.min((viewport.height - CHROME_PX) / comic.trim.height, (viewport.width - 32) / (comic.trim.width * across));
  const onPointerDown = (event: PointerEvent) => {
    swipe.current = event.clientX;
  };
  const onPointerUp = (event: PointerEvent) => {
    if (swipe.current === null) return;
    const dx = event.clientX - swipe.current;
    swipe.current = null;
    if (Math.abs(dx) < SWIPE_PX) return;
    // Swiping the page away to the left turns forward, as in a book read left to right.
    if ((dx < 0) !== rtl) next();
    else previous();
  };
  const label = shown.length === 2 ? `Pages ${shown[0]! + 1}–${shown[1]! + 1} of ${count}` : `Page ${shown[0]! + 1} of ${count}`;
  const backButton = (
    <NavButton label="Previous page" disabled={shown[0] === 0} onClick={previous}>
      {rtl ? <ChevronRight aria-hidden className="size-6" /> : <ChevronLeft aria-hidden className="size-6" />}
    </NavButton>
  );
  const forwardButton = (
    <NavButton label="Next page" disabled={lastShown >= count - 1} onClick={next}>
      {rtl ? <ChevronLeft aria-hidden className="size-6" /> : <ChevronRight aria-hidden className="size-6" />}
    </NavButton>
  );

  return createPortal(
    <div ref={root} tabIndex={-1} role="dialog" aria-modal="true" aria-label="Read mode" className="fixed inset-0 z-50 flex flex-col bg-neutral-900 text-white outline-none" data-testid="read-mode">
      <header className="flex items-center justify-between gap-2 px-3 py-2">
        <p aria-live="polite" className="text-sm text-white/80 tabular-nums" data-testid="read-position">
          {label}
        </p>
        <div className="flex items-center gap-1">
          <button
            type="button"
            onClick={() => setSpreads((on) => !on)}
            aria-pressed={spreads}
            className="flex h-9 items-center gap-1.5 rounded-md px-2.5 text-[13px] text-white/85 hover:bg-white/10"
          >
            {spreads ? <BookOpen aria-hidden className="size-4" /> : <File aria-hidden className="size-4" />}
            {spreads ? "Spreads" : "Single page"}
          </button>
          <button type="button" onClick={onClose} aria-label="Close read mode (Escape)" className="grid size-9 place-items-center rounded-md text-white/85 hover:bg-white/10">
            <X aria-hidden className="size-5" />
          </button>
        </div>
      </header>
      <div className="flex min-h-0 flex-1 touch-pan-y items-center justify-center gap-2 select-none" onPointerDown={onPointerDown} onPointerUp={onPointerUp} onPointerCancel={() => (swipe.current = null)}>
        {rtl ? forwardButton : backButton}
        <div className={clsx("flex shadow-2xl", rtl && "flex-row-reverse")}>
          {shown.map((index) => (
            <ReadPage key={comic.pages[index]!.id} comic={comic} page={comic.pages[index]!} scale={scale} lookup={lookup} />
          ))}
        </div>
        {rtl ? backButton : forwardButton}
      </div>
    </div>,
    document.body,
  );
}

function ReadPage({ comic, page, scale, lookup }: { comic: ResolvedComic; page: ResolvedPage; scale: number; lookup: Map<string, { panel: Panel; number: number }> }) {
  return (
    <PageSheet comic={comic} page={page} scale={scale} overlay={renderPageOverlay}>
      {page.frames.map((frame) => {
        const entry = frame.panelId ? lookup.get(frame.panelId) : undefined;
        return (
          <div key={frame.readingIndex} className="overflow-hidden" style={rectStyle(frame.rect, scale)} data-testid="read-frame">
            <FrameArt frame={frame} scale={scale} panel={entry?.panel} number={entry?.number ?? 0} border={comic.border} full />
          </div>
        );
      })}
    </PageSheet>
  );
}

function NavButton({ label, disabled, onClick, children }: { label: string; disabled: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      aria-disabled={disabled}
      onClick={() => !disabled && onClick()}
      className="hidden size-11 shrink-0 place-items-center rounded-full text-white/85 hover:bg-white/10 aria-disabled:text-white/25 aria-disabled:hover:bg-transparent sm:grid"
    >
      {children}
    </button>
  );
}
