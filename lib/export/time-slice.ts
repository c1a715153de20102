/**
 * Cooperative scheduling for long exports and imports: work is cut into chunks, and between them
 * the event loop gets a turn once a time slice is used up, so the page keeps drawing frames.
 */

/** Longest stretch of work before giving the event loop a turn. */
const SLICE_MS = 12;
/** Bytes hashed, copied or inflated between two checks of the clock. */
export const CHUNK = 1024 * 1024;

const clock = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Returns a function to call between chunks of work: it yields once a time slice is used up. */
export function timeSlicer(): () => Promise<void> {
  let sliceStart = clock();
  return async () => {
    if (clock() - sliceStart < SLICE_MS) return;
    await yieldToEventLoop();
    sliceStart = clock();
  };
}
