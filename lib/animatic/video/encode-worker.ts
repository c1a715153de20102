/// <reference lib="webworker" />
import { encodeAnimatic } from "./encode";
import type { FromWorker, ToWorker } from "./job";

/**
 * The encoding worker: the page sends one job, gets the file back in chunks and waits for each
 * to be written before the next (the file's writer sets the pace, so memory stays flat). Cancel
 * is the page terminating this worker.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const pending = new Map<number, () => void>();
let nextId = 0;

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "written") {
    pending.get(message.id)?.();
    pending.delete(message.id);
    return;
  }
  const write = (position: number, data: Uint8Array) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      post({ type: "chunk", id, position, data }, [data.buffer]);
    });
  encodeAnimatic(message.job, write, (done, total) => post({ type: "progress", done, total })).then(
    () => post({ type: "done" }),
    (error: unknown) => post({ type: "error", message: error instanceof Error ? error.message : String(error) }),
  );
};
