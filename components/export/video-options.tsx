"use client";
import { useEffect, useState } from "react";
import { panelAspect } from "@/lib/board/chosen";
import { boardAspect, FRAME_RATES, frameSize, pickCodecs, type BurnIns, type VideoOptions } from "@/lib/animatic/video/options";
import { useCastboard } from "@/lib/state/store";

const SELECT = "h-9 rounded-md border border-line bg-surface px-2 text-sm";

const BURN_INS: { key: keyof BurnIns; label: string }[] = [
  { key: "balloons", label: "Dialogue balloons" },
  { key: "captions", label: "Captions as subtitles" },
  { key: "slate", label: "Slate: shot and timecode" },
  { key: "titleCard", label: "Title card (adds 2 s)" },
];

/**
 * The animatic video's options: container, size, frame rate and burn-ins, with the codecs this
 * browser will use (or why it cannot make a video) said in plain words. `onSupport` tells the
 * dialog whether Export can start.
 */
export function VideoOptionsFields({ options, onChange, disabled, onSupport }: { options: VideoOptions; onChange: (next: VideoOptions) => void; disabled: boolean; onSupport: (ok: boolean) => void }) {
  const panels = useCastboard((s) => s.panels);
  const hasSound = useCastboard((s) => !!s.projectSettings.animatic.soundtrack || s.panels.some((p) => !!p.animatic.clip));
  const aspect = boardAspect(panels.map(panelAspect));
  const { width, height } = frameSize(options.resolution, aspect);
  const [codecs, setCodecs] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void pickCodecs(options.container, width, height, options.fps).then((choice) => {
      if (!live) return;
      const ok = typeof choice !== "string";
      setCodecs(ok ? choice.label : null);
      setProblem(ok ? null : choice);
      onSupport(ok);
    });
    return () => {
      live = false;
    };
  }, [options.container, width, height, options.fps, onSupport]);

  const set = <K extends keyof VideoOptions>(key: K, value: VideoOptions[K]) => onChange({ ...options, [key]: value });
  return (
    <div className="grid gap-3" data-testid="video-options">
      <div className="grid grid-cols-3 gap-2">
        <label className="grid gap-1 text-[13px] font-medium">
          File type
          <select className={SELECT} value={options.container} disabled={disabled} onChange={(e) => set("container", e.target.value as VideoOptions["container"])}>
            <option value="mp4">MP4 (H.264)</option>
            <option value="webm">WebM (VP9)</option>
          </select>
        </label>
        <label className="grid gap-1 text-[13px] font-medium">
          Size
          <select className={SELECT} value={options.resolution} disabled={disabled} onChange={(e) => set("resolution", Number(e.target.value) as VideoOptions["resolution"])}>
            <option value={720}>720p</option>
            <option value={1080}>1080p</option>
          </select>
        </label>
        <label className="grid gap-1 text-[13px] font-medium">
          Frame rate
          <select className={SELECT} value={options.fps} disabled={disabled} onChange={(e) => set("fps", Number(e.target.value) as VideoOptions["fps"])}>
            {FRAME_RATES.map((fps) => (
              <option key={fps} value={fps}>
                {fps} fps
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="grid grid-cols-2 gap-x-3 gap-y-1.5">
        <legend className="mb-1 text-[13px] font-medium">Burn in</legend>
        {BURN_INS.map(({ key, label }) => (
          <label key={key} className="flex items-center gap-2 text-[13px]">
            <input type="checkbox" checked={options.burnIns[key]} disabled={disabled} onChange={(e) => set("burnIns", { ...options.burnIns, [key]: e.target.checked })} className="size-4 accent-ink" />
            {label}
          </label>
        ))}
      </fieldset>
      {problem ? (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 text-[13px] text-amber-900 ring-1 ring-amber-200" data-testid="video-unsupported">
          {problem}
        </p>
      ) : (
        <p className="text-xs text-muted" data-testid="video-plan">
          {width} × {height} ({aspect}, the board&apos;s frame shape), {codecs ?? "checking codecs…"}
          {hasSound ? "" : " (the board has no sound, so the video is silent)"}.
          {options.container === "mp4" && hasSound ? " The MP4's sound is Opus: browsers, VLC and DaVinci Resolve play it; for QuickTime or Premiere pick WebM or convert the sound." : ""}
        </p>
      )}
    </div>
  );
}
