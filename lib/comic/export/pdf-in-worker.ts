import { ExportCancelled, type ExportHooks } from "@/lib/export/types";
import type { ComicPdfInput } from "./comic-pdf";
import type { ComicPdfWorkerMessage } from "./comic-pdf.worker";

/** Runs the print PDF in its worker: progress as it goes, cancel by terminating it. Tests and the bench hand in a worker they built. */
export async function comicPdfInWorker(input: ComicPdfInput, { signal, onProgress }: ExportHooks = {}, createWorker?: () => Worker): Promise<Uint8Array> {
  if (signal?.aborted) throw new ExportCancelled();
  const worker = createWorker ? createWorker() : new Worker(new URL("./comic-pdf.worker.ts", import.meta.url), { type: "module" });
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      onAbort = () => reject(new ExportCancelled());
      signal?.addEventListener("abort", onAbort, { once: true });
      worker.onerror = (event) => reject(new Error(`The comic PDF could not be made: ${event.message || "its worker failed"}. Reload the page and try again.`));
      worker.onmessage = ({ data }: MessageEvent<ComicPdfWorkerMessage>) => {
        if (data.type === "progress") onProgress?.({ done: data.done, total: data.total });
        else if (data.type === "done") resolve(data.bytes);
        else reject(new Error(`The comic PDF could not be made: ${data.message}`));
      };
      worker.postMessage(input, [...new Set([...input.images.values()].map((i) => i.bytes.buffer as ArrayBuffer))]);
    });
  } finally {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    worker.terminate();
  }
}
