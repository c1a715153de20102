/**
 * Bundled into a Chromium page by tests/support/comic-page.ts: the real comic exporters (print PDF
 * in its worker, CBZ and webtoon on canvases) run on hand-built comics with generated images, so
 * tests and the bench measure the code the app runs.
 */
import { encode as encodePng } from "fast-png";
import type { ComicFontKey } from "@/lib/comic/comic-fonts";
import type { ResolvedComic } from "@/lib/comic/comic-types";
import type { ComicImage } from "@/lib/comic/export/comic-pdf";
import { comicPdfInWorker } from "@/lib/comic/export/pdf-in-worker";
import { loadLetterFaces, type LetterFamilies, type RasterImage } from "@/lib/comic/export/raster";
import { renderCbz, renderWebtoon } from "@/lib/comic/export/raster-exports";
import { buildStoryboardPdf } from "@/lib/export/pdf";
import type { ExportPanel } from "@/lib/export/types";

interface ImageSpec {
  id: string;
  width: number;
  height: number;
  hue: number;
}

const state: { fonts: Record<ComicFontKey, Uint8Array>; sans: { regular: Uint8Array; bold: Uint8Array }; families: LetterFamilies; workerUrl: string; images: Map<string, ComicImage>; bitmaps: Map<string, RasterImage> } = {
  fonts: {} as Record<ComicFontKey, Uint8Array>,
  sans: { regular: new Uint8Array(), bold: new Uint8Array() },
  families: {},
  workerUrl: "",
  images: new Map(),
  bitmaps: new Map(),
};

const fromB64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
function toB64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function setup(fonts: Record<ComicFontKey, string>, sans: { regular: string; bold: string }, workerSource: string): Promise<void> {
  state.fonts = Object.fromEntries(Object.entries(fonts).map(([k, v]) => [k, fromB64(v)])) as Record<ComicFontKey, Uint8Array>;
  state.sans = { regular: fromB64(sans.regular), bold: fromB64(sans.bold) };
  state.families = await loadLetterFaces(state.fonts);
  state.workerUrl = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
}

/** A coloured picture with a white disc, with noise so it weighs what a generated take weighs, as JPEG or PNG. */
async function makeImages(specs: ImageSpec[], type: "image/jpeg" | "image/png" | "png-rgb" = "image/jpeg"): Promise<void> {
  state.images.clear();
  state.bitmaps.clear();
  for (const spec of specs) {
    const canvas = new OffscreenCanvas(spec.width, spec.height);
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = `hsl(${spec.hue} 60% 50%)`;
    ctx.fillRect(0, 0, spec.width, spec.height);
    ctx.fillStyle = "#ffffff";
    ctx.beginPath();
    ctx.arc(spec.width / 2, spec.height / 2, Math.min(spec.width, spec.height) / 4, 0, Math.PI * 2);
    ctx.fill();
    // Grain: flat colour compresses to nothing, a picture does not.
    const pixels = ctx.getImageData(0, 0, spec.width, spec.height);
    for (let i = 0; i < pixels.data.length; i += 4) {
      const n = ((i * 2654435761) >>> 24) % 24;
      pixels.data[i] = pixels.data[i]! - n;
      pixels.data[i + 1] = pixels.data[i + 1]! - n;
    }
    ctx.putImageData(pixels, 0, 0);
    // A canvas writes PNGs with an alpha channel; "png-rgb" is an opaque RGB PNG, as many generators write.
    const bytes =
      type === "png-rgb"
        ? encodePng({ width: spec.width, height: spec.height, channels: 3, data: rgbOf(pixels.data) })
        : new Uint8Array(await (await canvas.convertToBlob(type === "image/jpeg" ? { type, quality: 0.9 } : { type })).arrayBuffer());
    state.images.set(spec.id, { bytes, type: type === "png-rgb" ? "image/png" : type, width: spec.width, height: spec.height });
    state.bitmaps.set(spec.id, { source: await createImageBitmap(canvas), width: spec.width, height: spec.height });
  }
}

function rgbOf(rgba: Uint8ClampedArray): Uint8Array {
  const out = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4) {
    out[o++] = rgba[i]!;
    out[o++] = rgba[i + 1]!;
    out[o++] = rgba[i + 2]!;
  }
  return out;
}

/** The images as handed to a worker: copies, since transferring detaches them. */
const imageCopies = () => new Map([...state.images].map(([id, image]) => [id, { ...image, bytes: image.bytes.slice() }]));

async function pdf(comic: ResolvedComic, cropMarks: boolean): Promise<{ b64: string }> {
  const bytes = await comicPdfInWorker({ title: "Harbour Night", comic, images: imageCopies(), cropMarks, fonts: state.fonts }, {}, () => new Worker(state.workerUrl));
  return { b64: toB64(bytes) };
}

/** The same, keeping the file in the page: for the bench, which measures the page while it waits. */
async function pdfTimed(comic: ResolvedComic, cropMarks: boolean): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const bytes = await comicPdfInWorker({ title: "Harbour Night", comic, images: imageCopies(), cropMarks, fonts: state.fonts }, {}, () => new Worker(state.workerUrl));
  return { ms: performance.now() - start, bytes: bytes.length };
}

async function cbz(comic: ResolvedComic): Promise<string> {
  return toB64(await renderCbz({ title: "Harbour Night", comic, images: state.bitmaps, families: state.families }));
}

async function webtoon(comic: ResolvedComic): Promise<string> {
  return toB64(await renderWebtoon({ title: "Harbour Night", comic, images: state.bitmaps, families: state.families }));
}

/** The storyboard PDF of the same panels, as the app builds it (in the page): the bench's baseline. */
async function storyboardPdf(panelIds: string[]): Promise<{ ms: number; bytes: number }> {
  const panels: ExportPanel[] = panelIds.map((id, i) => {
    const image = state.images.get(id)!;
    return {
      number: i + 1,
      aspect: image.width / image.height,
      image: { ...image },
      balloons: [{ speaker: null, text: `Line of ${id}: the tide is turning.`, x: 0.5, y: 0.25 }],
      shotSize: null,
      angle: null,
      durationSec: 2,
      caption: "",
      notes: "",
      dialogue: [{ speaker: "Narrator", text: `Line of ${id}: the tide is turning.` }],
    };
  });
  const start = performance.now();
  const bytes = await buildStoryboardPdf({ title: "Harbour Night", panels, layout: { perPage: 6, orientation: "landscape", paper: "a4" }, fonts: state.sans });
  return { ms: performance.now() - start, bytes: bytes.length };
}

const comicHarness = { setup, makeImages, pdf, pdfTimed, cbz, webtoon, storyboardPdf };
export type ComicHarness = typeof comicHarness;
(window as unknown as { comicHarness: ComicHarness }).comicHarness = comicHarness;
