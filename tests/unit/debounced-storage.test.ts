import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StateStorage } from "zustand/middleware";
import { createDebouncedStorage, type SaveStatus } from "@/lib/storage/debounced-storage";

function memoryStorage(failWith?: () => unknown) {
  const data = new Map<string, string>();
  const writes: string[] = [];
  const storage: StateStorage & { fail: boolean } = {
    fail: false,
    getItem: (name) => data.get(name) ?? null,
    setItem: async (name, value) => {
      if (storage.fail) throw failWith?.() ?? new Error("write failed");
      writes.push(value);
      data.set(name, value);
    },
    removeItem: (name) => void data.delete(name),
  };
  return { storage, data, writes };
}

describe("autosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes once shortly after a burst of changes and says Saved only after the write", async () => {
    const { storage, writes } = memoryStorage();
    const statuses: SaveStatus["state"][] = [];
    const saved = createDebouncedStorage(storage, 250, (s) => statuses.push(s.state));
    saved.setItem("k", "1");
    saved.setItem("k", "2");
    expect(await saved.getItem("k")).toBe("2");
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(260);
    expect(writes).toEqual(["2"]);
    expect(statuses.at(-1)).toBe("saved");
    expect(statuses).toContain("saving");
  });

  it("is not postponed forever by a steady stream of changes", async () => {
    const { storage, writes } = memoryStorage();
    const saved = createDebouncedStorage(storage, 250, () => {});
    for (let i = 0; i < 10; i++) {
      saved.setItem("k", String(i));
      await vi.advanceTimersByTimeAsync(100);
    }
    // 1 s of changes every 100 ms: without a bound on the delay nothing would be written yet.
    expect(writes.length).toBeGreaterThanOrEqual(3);
  });

  it("keeps a change that did not fit in memory, reports it and writes it once storage has room", async () => {
    const quota = () => new DOMException("full", "QuotaExceededError");
    const { storage, data } = memoryStorage(quota);
    const statuses: SaveStatus[] = [];
    const saved = createDebouncedStorage(storage, 250, (s) => statuses.push(s));
    storage.fail = true;
    saved.setItem("k", "precious");
    await vi.advanceTimersByTimeAsync(300);
    expect(statuses.at(-1)?.state).toBe("failed");
    expect((statuses.at(-1)?.error as DOMException).name).toBe("QuotaExceededError");
    expect(await saved.getItem("k")).toBe("precious");
    storage.fail = false;
    await vi.advanceTimersByTimeAsync(5100);
    expect(data.get("k")).toBe("precious");
    expect(statuses.at(-1)?.state).toBe("saved");
  });

  it("flush writes at once", async () => {
    const { storage, data } = memoryStorage();
    const saved = createDebouncedStorage(storage, 10_000, () => {});
    saved.setItem("k", "now");
    await saved.flush();
    expect(data.get("k")).toBe("now");
  });
});
