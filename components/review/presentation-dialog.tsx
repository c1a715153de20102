"use client";
import { clsx } from "clsx";
import { ChevronLeft, ChevronRight, X } from "lucide-react";
import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent } from "react";
import type { ReviewPanelData } from "@/lib/review/review-page-model";
import { PanelPicture } from "./panel-picture";

const round = "grid size-12 shrink-0 place-items-center rounded-full text-white/85 transition-colors hover:bg-white/10 hover:text-white disabled:text-white/25 disabled:hover:bg-transparent";

/**
 * The board one shot at a time over the whole window, balloons and caption included: arrows,
 * Page Up/Down, Home/End and Space step through it, a swipe does on a phone, Escape closes
 * (a native modal dialog: focus is held inside and returns to the opener when it closes).
 */
export function PresentationDialog({ panels, startIndex, onClose }: { panels: ReviewPanelData[]; startIndex: number; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [index, setIndex] = useState(startIndex);
  const swipe = useRef<{ x: number; y: number } | null>(null);
  const panel = panels[index]!;
  const last = panels.length - 1;
  const go = (to: number) => setIndex(Math.min(Math.max(to, 0), last));

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const onButton = event.target instanceof HTMLElement && event.target.closest("button");
    const key = event.key;
    if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown" || (key === " " && !onButton)) go(index + 1);
    else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp") go(index - 1);
    else if (key === "Home") go(0);
    else if (key === "End") go(last);
    else return;
    event.preventDefault();
  };
  const onPointerDown = (event: PointerEvent) => {
    swipe.current = event.pointerType === "mouse" ? null : { x: event.clientX, y: event.clientY };
  };
  const onPointerUp = (event: PointerEvent) => {
    const from = swipe.current;
    swipe.current = null;
    if (!from) return;
    const dx = event.clientX - from.x;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(event.clientY - from.y)) go(dx < 0 ? index + 1 : index - 1);
  };
  const ratio = panel.image ? panel.image.width / panel.image.height : 16 / 9;

  return (
    // Keys and swipes are the dialog's own shortcuts; each of them also has a button.
    <dialog
      ref={ref}
      aria-label="Presentation"
      onClose={onClose}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerUp={onPointerUp}
      className="m-0 size-full max-h-none max-w-none bg-neutral-950 p-0 text-white backdrop:bg-black"
    >
      <div className="flex size-full flex-col">
        <div className="flex items-center justify-between gap-3 px-3 py-2 sm:px-5">
          <p className="text-sm text-white/80" aria-live="polite">
            <span className="font-semibold text-white">Shot {panel.number}</span> of {panels.length}
            <span className="hidden sm:inline"> · {panel.details}</span>
          </p>
          <button type="button" autoFocus aria-label="Close presentation" onClick={() => ref.current?.close()} className={round}>
            <X aria-hidden className="size-5" />
          </button>
        </div>
        {/* On a phone the picture takes the whole width, the arrows sit under it within thumb's reach, then the caption. */}
        <div className="flex min-h-0 flex-1 flex-col justify-center">
          <div className="grid min-h-0 grid-cols-2 grid-rows-[auto_auto] items-center gap-1 px-2 sm:flex-1 sm:grid-cols-[auto_minmax(0,1fr)_auto] sm:grid-rows-[minmax(0,1fr)] sm:gap-3 sm:px-3">
            <button type="button" aria-label="Previous shot" disabled={index === 0} onClick={() => go(index - 1)} className={clsx(round, "justify-self-start")}>
              <ChevronLeft aria-hidden className="size-6" />
            </button>
            <div className="order-first col-span-2 grid min-h-0 place-items-center sm:order-none sm:col-span-1 sm:h-full">
              <PanelPicture
                key={panel.id}
                panel={panel}
                className="w-[min(100%,calc((100dvh-15rem)*var(--ratio)))] rounded-md bg-neutral-900 sm:w-[min(100%,calc((100dvh-10rem)*var(--ratio)))]"
                style={{ "--ratio": ratio } as CSSProperties}
              />
            </div>
            <button type="button" aria-label="Next shot" disabled={index === last} onClick={() => go(index + 1)} className={clsx(round, "justify-self-end")}>
              <ChevronRight aria-hidden className="size-6" />
            </button>
          </div>
          <div className="mx-auto max-h-[30dvh] w-full max-w-3xl overflow-y-auto px-5 pt-2 pb-5 text-center">
            <p className="text-[13px] text-white/60 sm:hidden">{panel.details}</p>
            {panel.caption ? <p className="text-base leading-relaxed break-words whitespace-pre-wrap text-white/90" data-testid="presentation-caption">{panel.caption}</p> : null}
          </div>
        </div>
      </div>
    </dialog>
  );
}
