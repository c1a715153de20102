import { COMIC_FONTS, type ComicFontKey } from "../comic-fonts";
import type { ResolvedComic, ResolvedFrame, ResolvedPage } from "../comic-types";
import type { LetterMeasure, LetterShape } from "../letter-layout";
import { pageLetterArt } from "./letter-art";
import { borderSegments, framePlacement, paintedRect } from "./print-geometry";

/**
 * Draws comic pages on a 2D canvas (OffscreenCanvas, so a Worker could do it too) for the CBZ
 * and webtoon exports: the same frames, framing, borders and lettering as the PDF, in the same
 * bundled faces loaded through FontFace. Units are the contract's points, scaled by the caller.
 */
type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

export interface RasterImage {
  source: CanvasImageSource;
  width: number;
  height: number;
}

/** Family names the exports register their faces under, apart from the app's own CSS variables. */
export type LetterFamilies = Record<string, string>;

const INK = "#000000";

/** Registers the lettering faces from their bytes; resolves once they can be drawn. */
export async function loadLetterFaces(bytes: Record<ComicFontKey, Uint8Array>): Promise<LetterFamilies> {
  const fonts = (globalThis as unknown as { fonts?: FontFaceSet; document?: Document }).fonts ?? globalThis.document?.fonts;
  const families: LetterFamilies = {};
  for (const key of Object.keys(bytes) as ComicFontKey[]) {
    const family = `Castboard export ${COMIC_FONTS[key].family}`;
    const face = new FontFace(family, bytes[key] as BufferSource, { weight: "400" });
    await face.load();
    fonts?.add(face);
    families[key] = family;
  }
  return families;
}

const fontOf = (families: LetterFamilies, key: string, size: number) => `${size}px "${families[key] ?? Object.values(families)[0]}"`;

export function canvasMeasure(ctx: Context2D, families: LetterFamilies): LetterMeasure {
  return (text, key, size) => {
    ctx.font = fontOf(families, key, size);
    return ctx.measureText(text).width;
  };
}

/** A frame's picture (or nothing, for an empty frame), clipped to the area it paints. */
export function drawFrameImage(ctx: Context2D, comic: ResolvedComic, frame: ResolvedFrame, image: RasterImage | undefined): void {
  if (!image) return;
  const area = paintedRect(frame.rect, comic);
  const placed = framePlacement(frame, image, comic);
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.x, area.y, area.width, area.height);
  ctx.clip();
  ctx.drawImage(image.source, placed.x, placed.y, placed.width, placed.height);
  ctx.restore();
}

export function drawLetters(ctx: Context2D, letters: LetterShape[], families: LetterFamilies): void {
  for (const letter of letters) {
    const { paint } = letter;
    ctx.save();
    if (letter.rotation) {
      ctx.translate(letter.center.x, letter.center.y);
      ctx.rotate((letter.rotation * Math.PI) / 180);
      ctx.translate(-letter.center.x, -letter.center.y);
    }
    if (letter.outline) {
      const path = new Path2D(letter.outline);
      if (paint.fill) {
        ctx.fillStyle = paint.fill;
        ctx.fill(path);
      }
      if (paint.stroke) {
        ctx.lineWidth = paint.strokeWidth;
        ctx.lineJoin = "round";
        ctx.strokeStyle = paint.stroke;
        ctx.stroke(path);
      }
    }
    ctx.font = fontOf(families, letter.font, letter.fontSize);
    ctx.textAlign = "center";
    ctx.textBaseline = "alphabetic";
    ctx.lineJoin = "round";
    for (const row of letter.rows) {
      // Outlined type: the stroke under the fill, as the Pages view draws it.
      if (paint.textStroke) {
        ctx.lineWidth = paint.textStrokeWidth * 2;
        ctx.strokeStyle = paint.textStroke;
        ctx.strokeText(row.text, row.x, row.baseline);
      }
      ctx.fillStyle = paint.text;
      ctx.fillText(row.text, row.x, row.baseline);
    }
    ctx.restore();
  }
}

/** A whole page at `scale` pixels per point, trim only (readers show the cut page). */
export function drawPage(ctx: Context2D, comic: ResolvedComic, page: ResolvedPage, images: ReadonlyMap<string, RasterImage>, families: LetterFamilies, scale: number): void {
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, comic.trim.width, comic.trim.height);
  for (const frame of page.frames) drawFrameImage(ctx, comic, frame, frame.panelId ? images.get(frame.panelId) : undefined);
  if (comic.border > 0) {
    ctx.lineWidth = comic.border;
    ctx.lineCap = "square";
    ctx.strokeStyle = INK;
    ctx.beginPath();
    for (const frame of page.frames) {
      for (const [x1, y1, x2, y2] of borderSegments(frame.rect, comic.trim)) {
        ctx.moveTo(x1, y1);
        ctx.lineTo(x2, y2);
      }
    }
    ctx.stroke();
  }
  drawLetters(ctx, pageLetterArt(page, comic, canvasMeasure(ctx, families)), families);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
