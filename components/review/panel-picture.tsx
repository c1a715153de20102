"use client";
import { clsx } from "clsx";
import { useMemo, type CSSProperties } from "react";
import { SpeechBalloons } from "@/components/board/speech-balloons";
import type { ReviewPanelData } from "@/lib/review/review-page-model";

/**
 * A panel's image with its balloons drawn over it at their places, in a box of the image's own
 * proportions (so nothing shifts while it loads). A panel without an image shows a calm blank.
 */
export function PanelPicture({ panel, eager = true, className, style }: { panel: ReviewPanelData; eager?: boolean; className?: string; style?: CSSProperties }) {
  const lines = useMemo(() => panel.balloons.map(({ id, speaker, text, x, y }) => ({ id, speakerId: speaker, text, x, y })), [panel.balloons]);
  const speakers = useMemo(() => new Map(panel.balloons.flatMap((b) => (b.speaker ? [[b.speaker, b.speaker] as const] : []))), [panel.balloons]);
  const { image } = panel;
  return (
    <div
      className={clsx("relative overflow-hidden bg-canvas", className)}
      style={{ aspectRatio: image ? `${image.width} / ${image.height}` : "16 / 9", ...style }}
    >
      {image ? (
        // eslint-disable-next-line @next/next/no-img-element -- the link's own image route, drawn at its stored size
        <img src={image.src} width={image.width} height={image.height} alt={panel.caption || `Shot ${panel.number}`} className="absolute inset-0 size-full object-contain" decoding="async" loading={eager ? undefined : "lazy"} />
      ) : (
        <p className="absolute inset-0 grid place-items-center text-sm text-muted">No picture in this shot yet</p>
      )}
      {lines.length ? <SpeechBalloons lines={lines} speakers={speakers} /> : null}
    </div>
  );
}
