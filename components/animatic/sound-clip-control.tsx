"use client";
import { clsx } from "clsx";
import { AlertTriangle, FileAudio, Loader2, Play, Square, Trash2, Upload } from "lucide-react";
import { useEffect, useState } from "react";
import { useDropzone } from "react-dropzone";
import { Button } from "@/components/ui/button";
import { formatClipLength } from "@/lib/animatic/audio-fit";
import { playPreview, stopPreview } from "@/lib/animatic/audio-preview";
import { ACCEPTED_AUDIO_NAMES } from "@/lib/animatic/audio-sniff";
import { AUDIO_LIMITS, type AudioClip } from "@/lib/state/animatic-schema";
import { formatBytes } from "@/lib/format-bytes";

/**
 * One sound slot (a panel's clip or the board's soundtrack): add or replace a file by choosing or
 * dropping it, see its name and length, set its volume, hear it, remove it. A file that fails says
 * why here and leaves the clip that was there.
 */
export function SoundClipControl({
  clip,
  what,
  onFile,
  onVolume,
  onRemove,
  fit,
  testId,
}: {
  clip: AudioClip | null;
  /** "Sound clip" or "Soundtrack": the file input's and the controls' accessible names build on it. */
  what: string;
  onFile: (file: File) => Promise<unknown>;
  onVolume: (volume: number) => void;
  onRemove: () => void;
  /** How the clip fits the board, when worth a word; a warning when some of it is not heard where one expects. */
  fit: { text: string; warning: boolean } | null;
  testId: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(() => () => stopPreview(), []);

  const add = async (file: File | undefined) => {
    if (!file) return;
    stopPreview();
    setBusy(true);
    setError(null);
    try {
      await onFile(file);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: (accepted, rejected) => void add(accepted[0] ?? rejected[0]?.file),
    multiple: false,
    noClick: true,
    noKeyboard: true,
  });
  const toggle = async () => {
    if (playing || !clip) return stopPreview();
    setError(null);
    setPlaying(true);
    try {
      await playPreview(clip, () => setPlaying(false));
    } catch (e) {
      setPlaying(false);
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const lower = what.toLowerCase();
  const volumePercent = Math.round((clip?.volume ?? 1) * 100);

  return (
    <div {...getRootProps({ className: clsx("flex flex-col gap-2 rounded-lg", isDragActive && "bg-accent/5 ring-2 ring-accent") })} data-testid={testId}>
      <input {...getInputProps({ "aria-label": what })} />
      {clip ? (
        <>
          <div className="flex items-center gap-2 text-[13px]">
            <FileAudio aria-hidden className="size-4 shrink-0 text-muted" />
            <span className="min-w-0 truncate font-medium" title={clip.audio.fileName} data-testid="clip-name">
              {clip.audio.fileName}
            </span>
            <span className="shrink-0 text-xs text-muted tabular-nums" data-testid="clip-length">
              {formatClipLength(clip.audio.durationSec)} · {formatBytes(clip.audio.bytes)}
            </span>
          </div>
          <label className="flex items-center gap-2 text-xs text-muted">
            Volume
            <input
              type="range"
              min={AUDIO_LIMITS.volume.min * 100}
              max={AUDIO_LIMITS.volume.max * 100}
              step={5}
              value={volumePercent}
              onChange={(e) => onVolume(Number(e.target.value) / 100)}
              aria-label={`${what} volume`}
              aria-valuetext={`${volumePercent}%`}
              className="min-w-0 flex-1 accent-ink"
            />
            <span className="w-10 text-right tabular-nums" data-testid="clip-volume">
              {volumePercent}%
            </span>
          </label>
          {fit ? (
            <p className={clsx("flex gap-1.5 text-xs leading-snug", fit.warning ? "text-amber-800" : "text-muted")} data-testid="clip-fit">
              {fit.warning ? <AlertTriangle aria-hidden className="mt-0.5 size-3.5 shrink-0" /> : null} {fit.text}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-1.5">
            <Button size="sm" onClick={() => void toggle()} aria-label={playing ? `Stop the ${lower}` : `Play the ${lower}`} disabled={busy}>
              {playing ? <Square aria-hidden className="size-3.5" /> : <Play aria-hidden className="size-3.5" />} {playing ? "Stop" : "Play"}
            </Button>
            <Button size="sm" onClick={open} disabled={busy} aria-label={`Replace the ${lower}`}>
              {busy ? <Loader2 aria-hidden className="size-3.5 animate-spin" /> : <Upload aria-hidden className="size-3.5" />} Replace
            </Button>
            <Button size="sm" variant="ghost" className="text-red-700" onClick={() => (stopPreview(), onRemove())} disabled={busy} aria-label={`Remove the ${lower}`}>
              <Trash2 aria-hidden className="size-3.5" /> Remove
            </Button>
          </div>
        </>
      ) : (
        <div className="flex flex-col items-start gap-2 rounded-lg border border-dashed border-line p-3">
          <p className="text-[13px] leading-relaxed text-muted">
            {ACCEPTED_AUDIO_NAMES}, up to {formatBytes(AUDIO_LIMITS.bytes)}. Drop a file here or choose one.
          </p>
          <Button size="sm" onClick={open} disabled={busy} aria-label={`Add a ${lower}`}>
            {busy ? <Loader2 aria-hidden className="size-3.5 animate-spin" /> : <Upload aria-hidden className="size-3.5" />} Add {lower}
          </Button>
        </div>
      )}
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 p-2.5 text-[13px] text-red-900 ring-1 ring-red-200" data-testid="clip-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
