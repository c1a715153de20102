"use client";
import { clsx } from "clsx";
import { ChevronLeft, ChevronRight, ImageOff, Pause, Play, X } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, type ButtonHTMLAttributes, type PointerEvent, type Ref } from "react";
import { createPortal } from "react-dom";
import { useShallow } from "zustand/react/shallow";
import { SpeechBalloons } from "@/components/board/speech-balloons";
import { panelAspect, panelImage } from "@/lib/board/chosen";
import { CAMERA_ANGLES, SHOT_SIZES, type Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { useBlobUrl } from "@/lib/state/use-blob-url";

const IDLE_MS = 2500;

function ControlButton({ className, ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      className={clsx(
        "grid size-10 shrink-0 place-items-center rounded-full text-white/85 transition-colors hover:bg-white/10 hover:text-white aria-disabled:cursor-default aria-disabled:text-white/25 aria-disabled:hover:bg-transparent",
        className,
      )}
      {...props}
    />
  );
}

/** The frame: the panel's own shape, as large as the stage allows, the image letterboxed inside it. */
function Frame({ panel, number, speakers, playing, barRef }: { panel: Panel; number: number; speakers: Map<string, string>; playing: boolean; barRef: Ref<HTMLDivElement> }) {
  const shown = panelImage(panel);
  // The thumbnail shows at once; the full image replaces it when read from storage.
  const full = useBlobUrl(shown?.image.blobId);
  const thumb = useBlobUrl(shown?.thumbnail?.blobId);
  const aspect = panelAspect(panel);
  return (
    <div className="relative" style={{ aspectRatio: String(aspect), width: `min(100cqw, ${aspect * 100}cqh)` }}>
      <div className="absolute inset-0 overflow-hidden bg-black">
        {shown ? (
          (full ?? thumb) ? (
            // eslint-disable-next-line @next/next/no-img-element -- local object URL
            <img src={full ?? thumb} alt={panel.recipe.prompt || `Shot ${number}`} className="size-full object-contain" draggable={false} />
          ) : null
        ) : (
          <div className="grid size-full place-items-center bg-white/[0.03] ring-1 ring-white/10 ring-inset">
            <div className="flex flex-col items-center gap-2 text-white/45">
              <ImageOff aria-hidden className="size-6" />
              <span className="text-2xl font-semibold text-white/70">Shot {number}</span>
              <span className="text-sm">No image yet</span>
            </div>
          </div>
        )}
        <SpeechBalloons lines={panel.shot.dialogue} speakers={speakers} />
      </div>
      <div aria-hidden className={clsx("absolute inset-x-0 -bottom-2 h-0.5 overflow-hidden rounded-full bg-white/10 transition-opacity", playing ? "opacity-100" : "opacity-0")}>
        <div ref={barRef} className="h-full origin-left bg-white/80" style={{ transform: "scaleX(0)" }} />
      </div>
    </div>
  );
}

/** The board shown shot by shot, full screen, with an animatic mode that keeps each shot up for its duration. */
export function Presentation({ startIndex, onClose }: { startIndex: number; onClose: () => void }) {
  const { panels, characters } = useCastboard(useShallow((s) => ({ panels: s.panels, characters: s.characters })));
  const rootRef = useRef<HTMLDivElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState(startIndex);
  const [playing, setPlaying] = useState(false);
  const [ended, setEnded] = useState(false);
  const [awake, setAwake] = useState(true);
  const count = panels.length;
  const i = Math.min(Math.max(index, 0), Math.max(0, count - 1));
  const panel = panels[i];
  const next = panels[i + 1];
  const speakers = useMemo(() => new Map(characters.map((c) => [c.id, c.name])), [characters]);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  const go = useCallback(
    (to: number) => {
      setEnded(false);
      setIndex(Math.min(Math.max(to, 0), Math.max(0, count - 1)));
    },
    [count],
  );
  const togglePlay = useCallback(() => {
    if (count === 0) return;
    // Play after the animatic has run out starts it again from the top.
    if (!playing && ended && i === count - 1) go(0);
    setEnded(false);
    setPlaying(!playing);
  }, [playing, ended, i, count, go]);

  // Modal without a library: the page behind goes inert, focus comes in and later goes back where it was.
  // Full screen when the browser allows it; otherwise the fixed overlay already covers the viewport.
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const opener = document.activeElement;
    const others = Array.from(document.body.children).filter((el): el is HTMLElement => el !== root && el instanceof HTMLElement && !el.inert);
    others.forEach((el) => (el.inert = true));
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    root.focus();
    let entered = false;
    const onChange = () => {
      if (document.fullscreenElement === root) entered = true;
      // The browser takes Escape to leave full screen, often without a keydown reaching the page.
      else if (entered) onCloseRef.current();
    };
    document.addEventListener("fullscreenchange", onChange);
    try {
      void Promise.resolve(root.requestFullscreen?.()).catch(() => {});
    } catch {}
    return () => {
      document.removeEventListener("fullscreenchange", onChange);
      if (document.fullscreenElement === root) void document.exitFullscreen().catch(() => {});
      others.forEach((el) => (el.inert = false));
      document.body.style.overflow = overflow;
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  // Progress lives in a ref and a transform, so playback never re-renders the frame sixty times a second.
  const elapsed = useRef({ index: -1, ms: 0 });
  const durationMs = (panel?.shot.durationSec ?? 3) * 1000;
  useEffect(() => {
    const bar = barRef.current;
    if (!playing) return;
    const start = performance.now() - (elapsed.current.index === i ? elapsed.current.ms : 0);
    let frame = requestAnimationFrame(function tick(now) {
      const t = Math.min(1, (now - start) / durationMs);
      elapsed.current = { index: i, ms: now - start };
      if (bar) bar.style.transform = `scaleX(${t})`;
      if (t < 1) {
        frame = requestAnimationFrame(tick);
        return;
      }
      elapsed.current = { index: -1, ms: 0 };
      if (i + 1 < count) setIndex(i + 1);
      else {
        setPlaying(false);
        setEnded(true);
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, i, count, durationMs]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      const onButton = event.target instanceof HTMLElement && event.target.closest("button, input, textarea, select, [role=button]");
      const key = event.key;
      if (key === "Escape") onCloseRef.current();
      else if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown") go(i + 1);
      else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp") go(i - 1);
      else if (key === "Home") go(0);
      else if (key === "End") go(count - 1);
      else if (key === "p" || key === "P") togglePlay();
      // Space advances like a slide deck; during playback it pauses, as in a player. A focused button keeps its own Space.
      else if (key === " " && !onButton) {
        if (playing) togglePlay();
        else go(i + 1);
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, togglePlay, i, count, playing]);

  // Controls fade out while nobody touches the pointer, and come back on any movement or focus.
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);
  const wake = useCallback(() => {
    setAwake(true);
    clearTimeout(idle.current);
    idle.current = setTimeout(() => setAwake(false), IDLE_MS);
  }, []);
  useEffect(() => {
    wake();
    return () => clearTimeout(idle.current);
  }, [wake]);

  const swipe = useRef<{ x: number; y: number } | null>(null);
  const onPointerDown = (event: PointerEvent) => {
    wake();
    swipe.current = event.pointerType === "touch" ? { x: event.clientX, y: event.clientY } : null;
  };
  const onPointerUp = (event: PointerEvent) => {
    const from = swipe.current;
    swipe.current = null;
    if (!from) return;
    const dx = event.clientX - from.x;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(event.clientY - from.y)) go(dx < 0 ? i + 1 : i - 1);
  };

  const fade = clsx("transition-opacity duration-300 has-focus-visible:opacity-100 [@media(hover:none)]:opacity-100", awake ? "opacity-100" : "opacity-0");
  const details = panel
    ? [panel.shot.size ? SHOT_SIZES[panel.shot.size] : null, panel.shot.angle ? CAMERA_ANGLES[panel.shot.angle] : null, `${panel.shot.durationSec}s`].filter(Boolean).join(" · ")
    : "";

  return createPortal(
    <div
      ref={rootRef}
      role="dialog"
      aria-modal="true"
      aria-label="Presentation"
      tabIndex={-1}
      data-testid="presentation"
      data-playing={playing ? "true" : "false"}
      className={clsx("fixed inset-0 z-50 flex flex-col bg-[#0c0c0d] text-white outline-none select-none", !awake && "cursor-none")}
      onPointerMove={wake}
      onPointerDown={onPointerDown}
      onPointerUp={onPointerUp}
      onFocus={wake}
    >
      <div className={clsx("absolute top-3 right-3 z-10", fade)}>
        <ControlButton aria-label="Close" title="Close (Esc)" onClick={() => onCloseRef.current()}>
          <X aria-hidden className="size-5" />
        </ControlButton>
      </div>

      <div className="grid min-h-0 flex-1 place-items-center px-4 pt-14 pb-4 [container-type:size] sm:px-16">
        {panel ? (
          <Frame panel={panel} number={i + 1} speakers={speakers} playing={playing} barRef={barRef} />
        ) : (
          <p className="text-sm text-white/60">Nothing to present yet: add a panel to the board.</p>
        )}
      </div>
      {next ? <NextImage panel={next} /> : null}

      <div className="mx-auto flex w-full max-w-4xl shrink-0 items-start gap-6 px-6 pt-2 pb-6">
        <div className="min-w-0 flex-1">
          {panel ? (
            <p aria-live="polite" className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 text-sm">
              <span data-testid="presentation-shot" className="font-semibold tabular-nums">
                Shot {i + 1} of {count}
              </span>
              <span className="text-white/55">{details}</span>
            </p>
          ) : null}
          {panel?.shot.caption ? (
            <p className="mt-2 max-h-[22vh] overflow-y-auto text-[15px] leading-relaxed text-pretty whitespace-pre-wrap text-white/85 select-text">{panel.shot.caption}</p>
          ) : null}
        </div>
        <div className={clsx("flex shrink-0 items-center gap-1 rounded-full bg-white/[0.06] p-1 ring-1 ring-white/10", fade)}>
          <ControlButton aria-label="Previous" title="Previous (←)" onClick={() => go(i - 1)} aria-disabled={i === 0}>
            <ChevronLeft aria-hidden className="size-5" />
          </ControlButton>
          <ControlButton aria-label={playing ? "Pause" : "Play"} title={playing ? "Pause (P)" : "Play animatic (P)"} onClick={togglePlay} className="bg-white/10">
            {playing ? <Pause aria-hidden className="size-4" /> : <Play aria-hidden className="size-4 translate-x-px" />}
          </ControlButton>
          <ControlButton aria-label="Next" title="Next (→)" onClick={() => go(i + 1)} aria-disabled={i >= count - 1}>
            <ChevronRight aria-hidden className="size-5" />
          </ControlButton>
        </div>
      </div>
    </div>,
    document.body,
  );
}

/** Reads the next shot's image ahead, so advancing never waits on storage. */
function NextImage({ panel }: { panel: Panel }) {
  const url = useBlobUrl(panelImage(panel)?.image.blobId);
  // eslint-disable-next-line @next/next/no-img-element -- local object URL, never shown
  return url ? <img src={url} alt="" aria-hidden className="hidden" /> : null;
}
