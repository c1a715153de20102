/// <reference lib="webworker" />
import { drawFrame, type FrameSource, type TimelinePanel } from "../animatic/timeline";
import { encodeGif, gifFramePlan } from "./gif";

/** Draws and encodes the GIF off the page's thread; the page terminates it to cancel. */
export interface GifJob {
  timeline: TimelinePanel[];
  bitmaps: ImageBitmap[];
  width: number;
  height: number;
}
export type GifWorkerMessage = { type: "progress"; done: number; total: number } | { type: "done"; bytes: Uint8Array } | { type: "error"; message: string };

const post = (message: GifWorkerMessage, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message, transfer);

self.onmessage = (event: MessageEvent<GifJob>) => {
  const { timeline, bitmaps, width, height } = event.data;
  try {
    const sources: FrameSource[] = bitmaps.map((b) => ({ source: b, width: b.width, height: b.height }));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
    const frames = gifFramePlan(timeline);
    const bytes = encodeGif(
      frames,
      width,
      height,
      (frame) => {
        drawFrame(ctx, frame.state, sources, width, height);
        return ctx.getImageData(0, 0, width, height).data;
      },
      (done) => post({ type: "progress", done, total: frames.length }),
    )!;
    post({ type: "done", bytes }, [bytes.buffer]);
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
