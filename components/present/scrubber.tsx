"use client";
import { formatTimecode } from "@/lib/animatic/playback";

/** Where the animatic is (mm:ss.f), and a slider to go anywhere in it, with the cuts marked. */
export function Scrubber({ time, total, starts, onSeek }: { time: number; total: number; starts: readonly number[]; onSeek: (t: number) => void }) {
  const shot = starts.findLastIndex((s) => time >= s) + 1;
  return (
    <div className="flex items-center gap-3 text-xs text-white/70 tabular-nums">
      <span data-testid="timecode" aria-hidden>
        {formatTimecode(time)}
      </span>
      <div className="relative flex h-6 flex-1 items-center">
        {/* Cuts, so the shots can be found on the slider. */}
        {starts.slice(1).map((s) => (
          <span key={s} aria-hidden className="absolute top-1/2 h-2.5 w-px -translate-y-1/2 bg-white/25" style={{ left: `${(s / total) * 100}%` }} />
        ))}
        <input
          type="range"
          aria-label="Playback position"
          aria-valuetext={`${formatTimecode(time)} of ${formatTimecode(total)}, shot ${shot}`}
          min={0}
          max={total}
          step={0.01}
          value={time}
          onChange={(e) => onSeek(Number(e.target.value))}
          className="relative w-full accent-white"
        />
      </div>
      <span aria-hidden>{formatTimecode(total)}</span>
    </div>
  );
}
