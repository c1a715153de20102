"use client";
import "client-only";
import { panelImage } from "@/lib/board/chosen";
import { assemblePanels } from "@/lib/export/assemble";
import { fileSlug, type ExportFile } from "@/lib/export/run-export";
import { ExportCancelled, type ExportHooks } from "@/lib/export/types";
import { useCastboard, type CastboardState } from "@/lib/state/store";
import { comicFontBytes, COMIC_FONTS, type ComicFontKey } from "../comic-fonts";
import type { ResolvedComic } from "../comic-types";
import { resolveComic } from "../resolve";
import type { ComicImage } from "./comic-pdf";
import { comicExportProblem, filledFrames, frameName, framesWithoutImages, lowResolutionFrames, PRINT_DPI, type ImageSize } from "./print-geometry";

/**
 * The comic exports of the open project: the print PDF (built in a worker), CBZ and the webtoon
 * strip (drawn on canvases in the page, a page at a time). Before anything runs, `comicExportCheck`
 * says what would stop the export (no pages, an unprintable page) and what to know (panels under
 * 300 dpi, panels without an image), from the project alone, so the dialog can list it first.
 */
export type ComicExportRequest = { kind: "comic-pdf"; cropMarks: boolean } | { kind: "comic-cbz" } | { kind: "webtoon" };

export interface ComicExportCheck {
  comic: ResolvedComic;
  /** What stops the export, with what to do; null when it can run. */
  problem: string | null;
  lowDpi: string[];
  noImage: string[];
}

/** The checks, from the project's comic, panels and cast (no image is read: sizes come from the panels). */
export function comicExportCheck({ projectSettings, panels, characters }: Pick<CastboardState, "projectSettings" | "panels" | "characters"> = useCastboard.getState()): ComicExportCheck {
  const comic = resolveComic(projectSettings.comic, panels, new Map(characters.map((c) => [c.id, c.name])));
  const problem = comicExportProblem(comic);
  const sizes = new Map<string, ImageSize>();
  for (const panel of panels) {
    const image = panelImage(panel)?.image;
    if (image) sizes.set(panel.id, { width: image.width, height: image.height });
  }
  return {
    comic,
    problem,
    lowDpi: problem ? [] : lowResolutionFrames(comic, sizes).map((f) => `${frameName(f)}: ${f.dpi} dpi (print wants ${PRINT_DPI})`),
    noImage: problem ? [] : framesWithoutImages(comic, sizes).map(frameName),
  };
}

/** Reads the images of the panels on the comic's pages, as they are stored. */
async function readImages(comic: ResolvedComic, hooks: ExportHooks): Promise<Map<string, ComicImage>> {
  const s = useCastboard.getState();
  const wanted = new Set([...filledFrames(comic.pages)].map(({ ref }) => ref.panelId));
  const panels = s.panels.filter((p) => wanted.has(p.id));
  const assembled = await assemblePanels(panels, s.characters, {}, hooks);
  const images = new Map<string, ComicImage>();
  assembled.forEach((exported, i) => {
    if (exported.image) images.set(panels[i]!.id, exported.image);
  });
  return images;
}

async function fontBytes(): Promise<Record<ComicFontKey, Uint8Array>> {
  const keys = Object.keys(COMIC_FONTS) as ComicFontKey[];
  const bytes = await Promise.all(keys.map(comicFontBytes));
  return Object.fromEntries(keys.map((k, i) => [k, bytes[i]!])) as Record<ComicFontKey, Uint8Array>;
}

/** Progress in two halves: reading images, then drawing. */
const half = (hooks: ExportHooks, second: boolean) => ({
  signal: hooks.signal,
  onProgress: (p: { done: number; total: number }) => hooks.onProgress?.({ done: (second ? p.total : 0) + p.done, total: p.total * 2 }),
});

export async function runComicExport(request: ComicExportRequest, hooks: ExportHooks = {}): Promise<ExportFile> {
  const check = comicExportCheck();
  if (check.problem) throw new Error(check.problem);
  const { comic } = check;
  const s = useCastboard.getState();
  const title = s.projects.find((p) => p.id === s.projectId)?.name ?? "Comic";
  const slug = fileSlug(title);
  const [images, fonts] = await Promise.all([readImages(comic, half(hooks, false)), fontBytes()]);
  if (hooks.signal?.aborted) throw new ExportCancelled();
  // After reading: an image the project names but this browser no longer holds counts as missing too.
  const empty = framesWithoutImages(comic, images).map(frameName);
  const missing = empty.length ? `${empty.join("; ")}: no image, drawn as empty ${empty.length === 1 ? "frame" : "frames"}.` : undefined;

  if (request.kind === "comic-pdf") {
    const { comicPdfInWorker } = await import("./pdf-in-worker");
    const bytes = await comicPdfInWorker({ title, comic, images, cropMarks: request.cropMarks, fonts }, half(hooks, true));
    return { blob: new Blob([bytes as BlobPart], { type: "application/pdf" }), filename: `${slug}-print.pdf`, warning: missing };
  }

  const [{ loadLetterFaces }, { renderCbz, renderWebtoon }] = await Promise.all([import("./raster"), import("./raster-exports")]);
  const families = await loadLetterFaces(fonts);
  const bitmaps = new Map<string, { source: ImageBitmap; width: number; height: number }>();
  try {
    for (const [id, image] of images) {
      const bitmap = await createImageBitmap(new Blob([image.bytes as BlobPart], { type: image.type }));
      bitmaps.set(id, { source: bitmap, width: bitmap.width, height: bitmap.height });
    }
    const input = { title, comic, images: bitmaps, families };
    if (request.kind === "comic-cbz") {
      const bytes = await renderCbz(input, half(hooks, true));
      return { blob: new Blob([bytes as BlobPart], { type: "application/vnd.comicbook+zip" }), filename: `${slug}.cbz`, warning: missing };
    }
    const bytes = await renderWebtoon(input, half(hooks, true));
    return { blob: new Blob([bytes as BlobPart], { type: "application/zip" }), filename: `${slug}-webtoon.zip`, warning: missing };
  } finally {
    for (const b of bitmaps.values()) b.source.close();
  }
}
