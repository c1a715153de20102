import type { StateStorage } from "zustand/middleware";

/**
 * Autosave shortly after each change instead of on every keystroke or status poll. The status
 * says "saved" only once the write is confirmed; a write that failed (a full quota, say) is kept
 * in memory and tried again, so the change is not lost.
 */
export type SaveState = "saved" | "pending" | "saving" | "failed";

export interface SaveStatus {
  state: SaveState;
  error?: unknown;
  savedAt?: number;
}

export interface DebouncedStorage extends StateStorage {
  flush(): Promise<void>;
}

const RETRY_MS = 5000;

export function createDebouncedStorage(inner: StateStorage, waitMs: number, onStatus: (status: SaveStatus) => void): DebouncedStorage {
  let pending: { name: string; value: string } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, ms);
  };

  /** Writes the latest value, and again if a newer one arrived meanwhile, until nothing waits. */
  async function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    await writing;
    while (pending) {
      const next = pending;
      pending = null;
      onStatus({ state: "saving" });
      try {
        writing = Promise.resolve(inner.setItem(next.name, next.value)).then(() => undefined);
        await writing;
      } catch (error) {
        writing = Promise.resolve();
        pending ??= next;
        onStatus({ state: "failed", error });
        schedule(RETRY_MS);
        return;
      }
    }
    onStatus({ state: "saved", savedAt: Date.now() });
  }

  if (typeof window !== "undefined") {
    window.addEventListener("pagehide", () => void flush());
    document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && void flush());
  }

  return {
    getItem: async (name) => (pending?.name === name ? pending.value : inner.getItem(name)),
    setItem: (name, value) => {
      pending = { name, value };
      onStatus({ state: "pending" });
      // Counted from the first unsaved change, not the latest: a stream of changes (progress
      // polls, typing) must not postpone the save forever.
      if (timer === undefined) schedule(waitMs);
    },
    removeItem: async (name) => {
      if (pending?.name === name) pending = null;
      await inner.removeItem(name);
    },
    flush,
  };
}
