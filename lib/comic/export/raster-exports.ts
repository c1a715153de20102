import { zipSync } from "fflate";
import { ExportCancelled, type ExportHooks } from "@/lib/export/types";
import type { ResolvedComic } from "../comic-types";
import { cbzPageSize, packCbz, pageFileName, type CbzPage } from "./cbz";
import { pageLetterArt } from "./letter-art";
import { canvasMeasure, drawFrameImage, drawLetters, drawPage, type LetterFamilies, type RasterImage } from "./raster";
import { planStrip } from "./webtoon-plan";

/** CBZ and webtoon strips, drawn page by page (or slice by slice) with a yield between, so the page stays responsive. */
export interface RasterExportInput {
  title: string;
  comic: ResolvedComic;
  images: ReadonlyMap<string, RasterImage>;
  families: LetterFamilies;
}

const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

async function encode(canvas: OffscreenCanvas, type: "image/jpeg" | "image/png"): Promise<Uint8Array> {
  const blob = await canvas.convertToBlob(type === "image/jpeg" ? { type, quality: 0.92 } : { type });
  return new Uint8Array(await blob.arrayBuffer());
}

export async function renderCbz({ title, comic, images, families }: RasterExportInput, hooks: ExportHooks = {}): Promise<Uint8Array> {
  const size = cbzPageSize(comic.trim);
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext("2d")!;
  const pages: CbzPage[] = [];
  for (const page of comic.pages) {
    if (hooks.signal?.aborted) throw new ExportCancelled();
    drawPage(ctx, comic, page, images, families, size.scale);
    pages.push({ bytes: await encode(canvas, "image/jpeg"), width: size.width, height: size.height, extension: "jpg" });
    hooks.onProgress?.({ done: pages.length, total: comic.pages.length });
    await breathe();
  }
  return packCbz(pages, { title, readingDirection: comic.readingDirection });
}

/** The strip's slices as PNGs in a ZIP, named 001.png… from the top. */
export async function renderWebtoon({ comic, images, families }: RasterExportInput, hooks: ExportHooks = {}): Promise<Uint8Array> {
  const plan = planStrip(comic);
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  const pages = new Map(comic.pages.map((p) => [p.number, p]));
  for (const [i, slice] of plan.slices.entries()) {
    if (hooks.signal?.aborted) throw new ExportCancelled();
    const canvas = new OffscreenCanvas(plan.width, slice.height);
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, plan.width, slice.height);
    const measure = canvasMeasure(ctx, families);
    for (const block of plan.blocks) {
      if (block.top + block.height < slice.top - block.height || block.top > slice.top + slice.height) continue;
      const { frame } = block;
      const scale = plan.width / frame.rect.width;
      ctx.save();
      ctx.translate(0, block.top - slice.top);
      ctx.scale(scale, scale);
      ctx.translate(-frame.rect.x, -frame.rect.y);
      ctx.save();
      ctx.beginPath();
      ctx.rect(frame.rect.x, frame.rect.y, frame.rect.width, frame.rect.height);
      ctx.clip();
      // In a strip a panel stands alone: its picture fills the frame, never a page's bleed.
      drawFrameImage(ctx, { ...comic, bleed: 0 }, frame, images.get(block.ref.panelId));
      ctx.restore();
      const page = pages.get(block.ref.page)!;
      const own = { ...page, letters: page.letters.filter((l) => l.panelId === block.ref.panelId) };
      drawLetters(ctx, pageLetterArt(own, comic, measure), families);
      ctx.restore();
    }
    files[pageFileName(i, "png")] = [await encode(canvas, "image/png"), { level: 0 }];
    hooks.onProgress?.({ done: i + 1, total: plan.slices.length });
    await breathe();
  }
  return zipSync(files);
}
