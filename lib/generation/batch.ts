"use client";
import type { PanelError } from "../state/panel-schema";
import { stopsBatch } from "./errors";
import { generatePanel } from "./generate";

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
}

export async function runBatch(
  panelIds: string[],
  concurrency: number,
  onProgress: (progress: BatchProgress) => void,
  generate: (panelId: string) => ReturnType<typeof generatePanel> = generatePanel,
): Promise<BatchProgress> {
  const queue = [...panelIds];
  const progress: BatchProgress = { total: panelIds.length, done: 0, failed: 0, running: 0, stoppedBy: null };
  const report = () => onProgress({ ...progress });
  const worker = async () => {
    while (queue.length > 0 && !progress.stoppedBy) {
      const id = queue.shift()!;
      progress.running += 1;
      report();
      const outcome = await generate(id);
      progress.running -= 1;
      if (outcome.ok) progress.done += 1;
      else {
        progress.failed += 1;
        if (stopsBatch(outcome.error)) progress.stoppedBy ??= outcome.error;
      }
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  return progress;
}
