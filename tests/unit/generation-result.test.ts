import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { toPanelError } from "@/lib/generation/errors";
import { parseGenerationResult } from "@/lib/generation/result";
import { DEFAULT_GENERATION_SETTINGS, type Panel } from "@/lib/state/panel-schema";
import { newPanel } from "@/lib/state/panel-slice";
import { useCastboard } from "@/lib/state/store";

// What fal's queue answers for the result; each test sets it.
const falResult = vi.hoisted(() => ({ data: undefined as unknown }));
vi.mock("@/lib/generation/fal-client", () => ({
  falClient: async () => ({
    queue: {
      status: async () => ({ status: "COMPLETED" }),
      result: async () => ({ data: falResult.data, requestId: "req-1" }),
      cancel: async () => undefined,
    },
  }),
}));

const good = { images: [{ url: "https://v3.fal.media/files/a.png", content_type: "image/png", width: 1024, height: 1024 }], seed: 42 };

function refusal(data: unknown): AppError {
  try {
    parseGenerationResult(data);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the result was accepted");
}

describe("parseGenerationResult", () => {
  it("passes a result that matches fal's output schema", () => {
    expect(parseGenerationResult(good)).toEqual(good);
    expect(parseGenerationResult({ images: [], seed: 0 })).toEqual({ images: [], seed: 0 });
  });

  it("refuses what the schema does not describe, with a typed code and the field that is wrong", () => {
    const cases: [unknown, RegExp][] = [
      [null, /not a panel result \(Invalid input: expected object, received null\)/],
      [{ images: good.images }, /\(seed: .*expected number/i],
      [{ ...good, seed: 1.5 }, /\(seed: .*int/i],
      [{ ...good, images: "https://v3.fal.media/files/a.png" }, /\(images: .*expected array/i],
      [{ ...good, images: [{ content_type: "image/png" }] }, /\(images\.0\.url: .*expected string/i],
      [{ ...good, images: [{ url: 7 }] }, /\(images\.0\.url: .*expected string/i],
    ];
    for (const [data, message] of cases) {
      const error = refusal(data);
      expect(error.code, JSON.stringify(data)).toBe("upstream_failed");
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/nothing was stored\. Retry/);
    }
  });

  it("becomes an upstream failure on the panel, with its message as is", () => {
    const error = refusal({ images: [] });
    expect(toPanelError(error)).toEqual({ kind: "upstream", message: error.message, fields: {} });
  });
});

describe("following a generation to a malformed result", () => {
  const pendingPanel = (): Panel => ({
    ...newPanel(null, DEFAULT_GENERATION_SETTINGS),
    pending: {
      requestId: "req-1",
      mode: "draft",
      recipe: { characterId: null, prompt: "A hero", negativePrompt: "", settings: DEFAULT_GENERATION_SETTINGS },
      costCents: 0,
      status: "IN_QUEUE",
      queuePosition: null,
      logs: [],
      submittedAt: 1,
      startedAt: null,
    },
  });

  beforeEach(() => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new Error("nothing may be downloaded"))));
  });

  it("stores nothing, downloads nothing and reports the error on the panel", async () => {
    const { follow } = await import("@/lib/generation/generate");
    const p = pendingPanel();
    useCastboard.setState({ panels: [p] });
    falResult.data = { images: [{ url: null }], seed: 3 };
    const outcome = await follow(p.id);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "upstream", message: expect.stringMatching(/images\.0\.url/) } });
    const after = useCastboard.getState().panels[0]!;
    expect(after.takes).toEqual([]);
    expect(after.pending).toBeNull();
    expect(after.error).toMatchObject({ kind: "upstream" });
    expect(fetch).not.toHaveBeenCalled();
  });
});
