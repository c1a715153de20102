import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDebouncedWriter, type SaveStatus } from "@/lib/storage/debounced-storage";

function memoryTarget(failWith?: () => unknown) {
  const data = new Map<string, string>();
  const writes: string[] = [];
  const target = {
    fail: false,
    write: async (name: string, value: string) => {
      if (target.fail) throw failWith?.() ?? new Error("write failed");
      writes.push(value);
      data.set(name, value);
    },
  };
  return { target, data, writes };
}

describe("autosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes once shortly after a burst of changes and says Saved only after the write", async () => {
    const { target, writes } = memoryTarget();
    const statuses: SaveStatus["state"][] = [];
    const saved = createDebouncedWriter<string>(target.write, 250, (s) => statuses.push(s.state));
    saved.set("k", "1");
    saved.set("k", "2");
    expect(saved.peek("k")).toBe("2");
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(260);
    expect(writes).toEqual(["2"]);
    expect(statuses.at(-1)).toBe("saved");
    expect(statuses).toContain("saving");
  });

  it("is not postponed forever by a steady stream of changes", async () => {
    const { target, writes } = memoryTarget();
    const saved = createDebouncedWriter<string>(target.write, 250, () => {});
    for (let i = 0; i < 10; i++) {
      saved.set("k", String(i));
      await vi.advanceTimersByTimeAsync(100);
    }
    // 1 s of changes every 100 ms: without a bound on the delay nothing would be written yet.
    expect(writes.length).toBeGreaterThanOrEqual(3);
  });

  it("keeps a change that did not fit in memory, reports it and writes it once storage has room", async () => {
    const quota = () => new DOMException("full", "QuotaExceededError");
    const { target, data } = memoryTarget(quota);
    const statuses: SaveStatus[] = [];
    const saved = createDebouncedWriter<string>(target.write, 250, (s) => statuses.push(s));
    target.fail = true;
    saved.set("k", "precious");
    await vi.advanceTimersByTimeAsync(300);
    expect(statuses.at(-1)?.state).toBe("failed");
    expect((statuses.at(-1)?.error as DOMException).name).toBe("QuotaExceededError");
    expect(saved.peek("k")).toBe("precious");
    target.fail = false;
    await vi.advanceTimersByTimeAsync(5100);
    expect(data.get("k")).toBe("precious");
    expect(statuses.at(-1)?.state).toBe("saved");
  });

  it("does not retry a conflict on its own, and writes several records in one pass", async () => {
    const { target, data } = memoryTarget(() => "conflict");
    const statuses: SaveStatus["state"][] = [];
    const saved = createDebouncedWriter<string>(target.write, 250, (s) => statuses.push(s.state), (e) => e === "conflict");
    target.fail = true;
    saved.set("a", "1");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(statuses.filter((s) => s === "conflict")).toHaveLength(1);
    target.fail = false;
    saved.set("b", "2");
    await saved.flush();
    expect([data.get("a"), data.get("b")]).toEqual(["1", "2"]);
  });
});
