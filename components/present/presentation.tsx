"use client";
import { clsx } from "clsx";
import { ChevronLeft, ChevronRight, Pause, Play, X } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, type ButtonHTMLAttributes, type PointerEvent } from "react";
import { createPortal } from "react-dom";
import { useShallow } from "zustand/react/shallow";
import { useFrameSources } from "@/components/animatic/use-frame-sources";
import { AnimaticAudio } from "@/lib/animatic/audio-player";
import { audioSchedule, type ScheduledSound } from "@/lib/animatic/audio-schedule";
import { timelinePanels } from "@/lib/animatic/frame-sources";
import { boardAspect } from "@/lib/animatic/playback";
import { drawFrame, frameAt, panelAt, panelStarts, totalDuration } from "@/lib/animatic/timeline";
import { CAMERA_ANGLES, SHOT_SIZES } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { AnimaticStage } from "./animatic-stage";
import { Scrubber } from "./scrubber";
import { useAnimaticClock } from "./use-animatic-clock";

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

/**
 * The board full screen as its animatic: every frame drawn on a canvas by the same frameAt and
 * drawFrame as the video export, from pictures decoded once, on one clock; its sounds play with it.
 * Paused, it steps shot by shot like a slide deck; the slider goes anywhere in it.
 */
export function Presentation({ startIndex, onClose }: { startIndex: number; onClose: () => void }) {
  const { panels, characters } = useCastboard(useShallow((s) => ({ panels: s.panels, characters: s.characters })));
  const projectDefaults = useCastboard((s) => s.projectSettings.defaults.imageSize);
  const soundtrack = useCastboard((s) => s.projectSettings.animatic);
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const [awake, setAwake] = useState(true);
  const [soundNotice, setSoundNotice] = useState<string | null>(null);
  const count = panels.length;
  const speakers = useMemo(() => new Map(characters.map((c) => [c.id, c.name])), [characters]);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  const timeline = useMemo(() => timelinePanels(panels), [panels]);
  const starts = useMemo(() => panelStarts(timeline), [timeline]);
  const total = totalDuration(timeline);
  const aspect = boardAspect(projectDefaults);
  const loaded = useFrameSources(panels);
  const sources = useRef(loaded);
  useEffect(() => {
    sources.current = loaded;
  });

  // The sounds: each file decoded once when the presentation opens, played from wherever playback starts.
  const schedule = audioSchedule(panels, soundtrack);
  // A new take or caption arriving while presenting keeps the sound playing: only a new schedule restarts it.
  const scheduleKey = JSON.stringify(schedule);
  const audio = useMemo(
    () =>
      new AnimaticAudio(JSON.parse(scheduleKey) as ScheduledSound[], (failed) =>
        setSoundNotice(
          `${failed.map((f) => (f.shot === null ? `The soundtrack (${f.fileName})` : `Shot ${f.shot}'s sound (${f.fileName})`)).join(", ")} could not be played: the file does not decode or is gone. The animatic plays without it.`,
        ),
      ),
    [scheduleKey],
  );
  useEffect(() => {
    audio.prepare();
    return () => audio.close();
  }, [audio]);

  const draw = useCallback(
    (t: number) => {
      const canvas = canvasRef.current;
      const ctx = canvas?.getContext("2d");
      if (stageRef.current) stageRef.current.dataset.time = t.toFixed(3);
      if (!canvas || !ctx || !sources.current) return;
      drawFrame(ctx, frameAt(timeline, t), sources.current.sources, canvas.width, canvas.height);
    },
    [timeline],
  );
  const clock = useAnimaticClock({
    total,
    initial: starts[Math.min(Math.max(startIndex, 0), Math.max(0, count - 1))] ?? 0,
    onFrame: draw,
    onStart: (t) => audio.start(t),
    onStop: () => audio.stop(),
  });
  const { shown, playing, seek, play, pause, time } = clock;
  // Drawn again when the pictures arrive (the clock only draws while it runs or seeks).
  useEffect(() => {
    if (loaded) draw(time.current);
  }, [loaded, draw, time]);

  const i = count ? panelAt(timeline, shown) : 0;
  const panel = panels[i];
  const state = useMemo(() => frameAt(timeline, shown), [timeline, shown]);
  const go = useCallback((to: number) => seek(starts[Math.min(Math.max(to, 0), Math.max(0, count - 1))] ?? 0), [seek, starts, count]);
  const togglePlay = useCallback(() => (playing ? pause() : play()), [playing, pause, play]);

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

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      const onButton = event.target instanceof HTMLElement && event.target.closest("button, input, textarea, select, [role=button]");
      const onSlider = event.target instanceof HTMLInputElement && event.target.type === "range";
      const key = event.key;
      // The position slider keeps its own arrows, Home and End.
      if (onSlider && key !== "Escape" && key !== " " && key !== "p" && key !== "P") return;
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
    idle.current = setTimeout(() => setAwake(false), IDLE_MS);
    return () => clearTimeout(idle.current);
  }, []);

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
      data-shot={panel ? i + 1 : undefined}
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
          <AnimaticStage
            panels={panels}
            aspect={aspect}
            state={state}
            speakers={speakers}
            canvasRef={canvasRef}
            stageRef={stageRef}
            onResize={() => draw(time.current)}
            loading={!loaded}
          />
        ) : (
          <p className="text-sm text-white/60">Nothing to present yet: add a panel to the board.</p>
        )}
      </div>
      {panel ? (
        <div className={clsx("mx-auto w-full max-w-4xl shrink-0 px-6", fade)}>
          <Scrubber time={shown} total={total} starts={starts} onSeek={seek} />
        </div>
      ) : null}

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
          {soundNotice ? (
            <p role="status" className="mt-1 text-xs text-white/55" data-testid="sound-notice">
              {soundNotice}
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
