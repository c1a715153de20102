/// <reference lib="webworker" />
import { buildComicPdf, type ComicPdfInput } from "./comic-pdf";

/** Builds the print PDF off the page's thread (image embedding and font subsetting take seconds); the page terminates it to cancel. */
export type ComicPdfWorkerMessage = { type: "progress"; done: number; total: number } | { type: "done"; bytes: Uint8Array } | { type: "error"; message: string };

const post = (message: ComicPdfWorkerMessage, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message, transfer);

self.onmessage = async (event: MessageEvent<ComicPdfInput>) => {
  try {
    const bytes = await buildComicPdf(event.data, { onProgress: ({ done, total }) => post({ type: "progress", done, total }) });
    post({ type: "done", bytes }, [bytes.buffer]);
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
