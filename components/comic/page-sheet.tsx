"use client";
import { clsx } from "clsx";
import { ImageOff } from "lucide-react";
import type { CSSProperties, ReactNode } from "react";
import type { Rect, ResolvedComic, ResolvedFrame, ResolvedPage } from "@/lib/comic/comic-types";
import { imagePlacement } from "@/lib/comic/framing";
import { panelImage } from "@/lib/board/chosen";
import type { Panel } from "@/lib/state/panel-schema";
import { useBlobUrl } from "@/lib/state/use-blob-url";
import type { PageOverlay } from "./page-overlay";

/** Where a rectangle of the page (in pt) sits in the sheet, `scale` CSS pixels to the point. */
export const rectStyle = (rect: Rect, scale: number): CSSProperties => ({
  position: "absolute",
  left: rect.x * scale,
  top: rect.y * scale,
  width: rect.width * scale,
  height: rect.height * scale,
});

/**
 * One page as paper: the trim at `scale` px per pt, its frames (drawn by the caller, placed with
 * `rectStyle`), then the overlay (lettering) in the same coordinates, over everything.
 */
export function PageSheet({
  comic,
  page,
  scale,
  overlay,
  editable = false,
  className,
  children,
}: {
  comic: ResolvedComic;
  page: ResolvedPage;
  scale: number;
  overlay?: PageOverlay;
  editable?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={clsx("relative shrink-0 overflow-hidden bg-white", className)}
      style={{ width: comic.trim.width * scale, height: comic.trim.height * scale }}
      data-testid="comic-page"
      data-page={page.number}
      data-template={page.templateId}
    >
      {children}
      {overlay ? (
        // Clicks pass through to the frames except where the overlay's own shapes take them (pointer-events: auto).
        <div className="pointer-events-none absolute inset-0" data-testid="page-overlay">
          {overlay(page, scale, editable)}
        </div>
      ) : null}
    </div>
  );
}

/**
 * What a frame shows: its panel's image placed by its framing (the frame clips it, the image is
 * never cropped), a placeholder for a shot with no image yet, or an empty frame; then its border.
 */
export function FrameArt({ frame, scale, panel, number, border, full }: { frame: ResolvedFrame; scale: number; panel: Panel | undefined; number: number; border: number; full?: boolean }) {
  const picture = panel ? panelImage(panel) : null;
  const source = picture ? (full ? picture.image : (picture.thumbnail ?? picture.image)) : null;
  const url = useBlobUrl(source?.blobId);
  const place = picture ? imagePlacement(frame.rect, picture.image, frame.framing) : null;
  const line = border > 0 ? Math.max(0.75, border * scale) : 0;
  return (
    <>
      {!frame.panelId ? (
        <span className="absolute inset-0 grid place-items-center bg-[repeating-linear-gradient(135deg,#f5f5f4_0,#f5f5f4_6px,#fff_6px,#fff_12px)] text-[11px] text-neutral-400" data-testid="empty-frame">
          Empty frame
        </span>
      ) : !picture || !place ? (
        <span className="absolute inset-0 flex flex-col items-center justify-center gap-1 bg-neutral-100 text-[11px] text-neutral-500">
          <ImageOff aria-hidden className="size-4" />
          Shot {number}: no image yet
        </span>
      ) : url ? (
        // eslint-disable-next-line @next/next/no-img-element -- a local blob URL, placed to the point
        <img
          src={url}
          alt=""
          draggable={false}
          className="pointer-events-none absolute top-0 left-0 max-w-none select-none"
          // Moved by a transform, so a pan repaints the frame without laying the page out again.
          style={{ transform: `translate(${(place.x - frame.rect.x) * scale}px, ${(place.y - frame.rect.y) * scale}px)`, width: place.width * scale, height: place.height * scale }}
        />
      ) : (
        <span className="absolute inset-0 bg-neutral-100" />
      )}
      {line ? <span aria-hidden className={clsx("pointer-events-none absolute inset-0 border-black", !frame.panelId && "border-dashed border-neutral-300")} style={{ borderWidth: line }} /> : null}
    </>
  );
}
