import "client-only";
/**
 * Autosave shortly after each change instead of on every keystroke or status poll. The status
 * says "saved" only once every write is confirmed; a write that failed (a full quota, say) is
 * kept in memory and tried again, so the change is not lost. A conflict (another tab saved the
 * same record first) is not retried: it waits for the user to choose.
 */
export type SaveState = "saved" | "pending" | "saving" | "failed" | "conflict";

export interface SaveStatus {
  state: SaveState;
  error?: unknown;
  savedAt?: number;
}

export interface DebouncedWriter<T> {
  set(name: string, value: T): void;
  /** The value waiting to be written, if any. */
  peek(name: string): T | undefined;
  has(name: string): boolean;
  /** Forgets a waiting value (the record was replaced by another tab's, or deleted). */
  discard(name: string): void;
  flush(): Promise<void>;
}

const RETRY_MS = 5000;

export function createDebouncedWriter<T>(
  write: (name: string, value: T) => Promise<unknown>,
  waitMs: number,
  onStatus: (status: SaveStatus) => void,
  isConflict: (error: unknown) => boolean = () => false,
): DebouncedWriter<T> {
  const pending = new Map<string, T>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let conflicted = false;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, ms);
  };

  async function writeAll(): Promise<void> {
    while (pending.size > 0) {
      const [name, value] = pending.entries().next().value as [string, T];
      pending.delete(name);
      onStatus({ state: "saving" });
      try {
        await write(name, value);
      } catch (error) {
        // A newer value may have arrived while this one was being written: keep the newer.
        if (!pending.has(name)) pending.set(name, value);
        if (isConflict(error)) {
          conflicted = true;
          onStatus({ state: "conflict", error });
          return;
        }
        onStatus({ state: "failed", error });
        schedule(RETRY_MS);
        return;
      }
    }
    onStatus({ state: "saved", savedAt: Date.now() });
  }

  /** Writes the latest values, and again if newer ones arrived meanwhile, until nothing waits. */
  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    conflicted = false;
    writing = writing.then(writeAll, writeAll);
    return writing;
  }

  if (typeof window !== "undefined") {
    window.addEventListener("pagehide", () => void flush());
    document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && void flush());
  }

  return {
    set: (name, value) => {
      pending.set(name, value);
      if (conflicted) return;
      onStatus({ state: "pending" });
      // Counted from the first unsaved change, not the latest: a stream of changes (progress
      // polls, typing) must not postpone the save forever.
      if (timer === undefined) schedule(waitMs);
    },
    peek: (name) => pending.get(name),
    has: (name) => pending.has(name),
    discard: (name) => {
      pending.delete(name);
      if (pending.size === 0 && !timer) onStatus({ state: "saved", savedAt: Date.now() });
    },
    flush,
  };
}
