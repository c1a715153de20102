/// <reference lib="webworker" />
import { buildComicPdf, type ComicPdfInput } from "./comic-pdf";
import type { Transcode } from "./pdf-images";

/** Builds the print PDF off the page's thread (image embedding and font subsetting take seconds); the page terminates it to cancel. */
export type ComicPdfWorkerMessage = { type: "progress"; done: number; total: number } | { type: "done"; bytes: Uint8Array } | { type: "error"; message: string };

const post = (message: ComicPdfWorkerMessage, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message, transfer);

/** Transparent PNGs and WebP become JPEGs on white paper at high quality: print has no transparency, and this is fast. */
const transcode: Transcode = async (image) => {
  const bitmap = await createImageBitmap(new Blob([image.bytes as BlobPart], { type: image.type }));
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.95 });
  return { bytes: new Uint8Array(await blob.arrayBuffer()), type: "image/jpeg", width, height };
};

self.onmessage = async (event: MessageEvent<ComicPdfInput>) => {
  try {
    const bytes = await buildComicPdf({ ...event.data, transcode }, { onProgress: ({ done, total }) => post({ type: "progress", done, total }) });
    post({ type: "done", bytes }, [bytes.buffer]);
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
