import { describe, expect, it } from "vitest";
import { runBatch } from "@/lib/generation/batch";
import type { PanelError } from "@/lib/state/panel-schema";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("batch generation", () => {
  it("never runs more than the concurrency limit and finishes every panel", async () => {
    let running = 0;
    let peak = 0;
    const progress = await runBatch(
      Array.from({ length: 10 }, (_, i) => `p${i}`),
      4,
      () => undefined,
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(10);
        running -= 1;
        return { ok: true };
      },
    );
    expect(peak).toBe(4);
    expect(progress).toMatchObject({ total: 10, done: 10, failed: 0, running: 0, stoppedBy: null });
  });

  it("stops starting new panels when a spend cap answers, and reports why", async () => {
    const started: string[] = [];
    const cap: PanelError = { kind: "budget", message: "The daily spend cap of $1.00 is reached", fields: {} };
    const progress = await runBatch(["a", "b", "c", "d", "e", "f"], 2, () => undefined, async (id) => {
      started.push(id);
      await sleep(5);
      return id === "b" ? { ok: false, error: cap } : { ok: true };
    });
    expect(progress.stoppedBy).toEqual(cap);
    expect(started.length).toBeLessThan(6);
    expect(progress.done + progress.failed).toBe(started.length);
    // What is left to generate: the panel that failed, then every one that never started.
    expect(progress.unfinished).toEqual(["b", ...["a", "b", "c", "d", "e", "f"].filter((id) => !started.includes(id))]);
  });

  it("frees a slot as soon as fal answers, while the previous images still download", async () => {
    let running = 0;
    let peak = 0;
    const started = Date.now();
    await runBatch(["a", "b", "c", "d"], 2, () => undefined, async (_id, upstreamDone) => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(20);
      running -= 1;
      upstreamDone();
      await sleep(60);
      return { ok: true };
    });
    expect(peak).toBe(2);
    expect(Date.now() - started).toBeLessThan(20 * 2 + 60 + 50);
  });

  it("keeps going past an ordinary failure of one panel", async () => {
    const progress = await runBatch(["a", "b", "c"], 1, () => undefined, async (id) =>
      id === "b" ? { ok: false, error: { kind: "upstream", message: "500", fields: {} } } : { ok: true },
    );
    expect(progress).toMatchObject({ done: 2, failed: 1, stoppedBy: null });
  });
});
