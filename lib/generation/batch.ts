"use client";
import "client-only";
import type { PanelError } from "../state/panel-schema";
import { stopsBatch } from "./errors";
import { generatePanel, type Outcome } from "./generate";

/**
 * Generates many panels with at most `concurrency` in flight. A spend cap, rate limit or
 * refused key stops the batch cleanly: nothing new starts, what is running finishes.
 */
export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  running: number;
  stoppedBy: PanelError | null;
  /** Panels that failed or never started: what "Generate the rest" picks up after a stop. */
  unfinished: string[];
}

export async function runBatch(
  panelIds: string[],
  concurrency: number,
  onProgress: (progress: BatchProgress) => void,
  generate: (panelId: string, onUpstreamDone: () => void) => Promise<Outcome> = (id, done) => generatePanel(id, undefined, { onUpstreamDone: done }),
): Promise<BatchProgress> {
  const queue = [...panelIds];
  const progress: BatchProgress = { total: panelIds.length, done: 0, failed: 0, running: 0, stoppedBy: null, unfinished: [] };
  const failed: string[] = [];
  const report = () => onProgress({ ...progress, unfinished: [...failed, ...queue] });
  const finishing: Promise<unknown>[] = [];
  const worker = async () => {
    while (queue.length > 0 && !progress.stoppedBy) {
      const id = queue.shift()!;
      progress.running += 1;
      report();
      // The slot is fal's: it frees once fal has answered, while the images still download.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const outcome = generate(id, release).then((result) => {
        progress.running -= 1;
        if (result.ok) progress.done += 1;
        else {
          progress.failed += 1;
          failed.push(id);
          if (stopsBatch(result.error)) progress.stoppedBy ??= result.error;
        }
        release();
        report();
      });
      finishing.push(outcome);
      await released;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  await Promise.all(finishing);
  return { ...progress, unfinished: [...failed, ...queue] };
}
