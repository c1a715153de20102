import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { refinePixels } from "@/components/mask-painter/auto-options";
import { maskStatus } from "@/lib/cast/mask-status";
import type { BinaryMask } from "@/lib/mask/auto/types";
import { CharacterSchema, maskSourceOf } from "@/lib/state/schema";

const MASK = { blobId: "m1", type: "image/png" as const, width: 10, height: 10, bytes: 100 };

describe("which mask a character uses", () => {
  it("reads records from before automatic masks as painted (with a mask) or none (without)", () => {
    expect(maskSourceOf({ mask: MASK })).toBe("painted");
    expect(maskSourceOf({ mask: null })).toBe("none");
    expect(maskSourceOf({ mask: MASK, maskSource: "auto" })).toBe("auto");
    // A source that disagrees with the mask loses: no mask is no mask.
    expect(maskSourceOf({ mask: null, maskSource: "auto" })).toBe("none");
    const old = { id: "c", name: "Ferris", notes: "", reference: MASK, thumbnail: MASK, mask: MASK, createdAt: 1 };
    const parsed = CharacterSchema.safeParse(old);
    expect(parsed.success && maskSourceOf(parsed.data)).toBe("painted");
  });

  it("says so on the card, with the reason when the proposal needs checking", () => {
    expect(maskStatus({ mask: null })).toEqual({ label: "No mask", tone: "none" });
    expect(maskStatus({ mask: null }, true).label).toBe("Finding the mask…");
    expect(maskStatus({ mask: MASK })).toEqual({ label: "Mask painted", tone: "done" });
    expect(maskStatus({ mask: MASK, maskSource: "auto" })).toEqual({ label: "Auto mask — check it", tone: "check" });
    expect(maskStatus({ mask: MASK, maskSource: "auto", maskCheck: "busy background" }).label).toBe("Auto mask — busy background, check it");
    // A finished mask is shown even if a proposal is somehow still running.
    expect(maskStatus({ mask: MASK }, true).label).toBe("Mask painted");
  });
});

describe("the refine menu's pixel field", () => {
  it("takes whole pixels from 1 to 50 and refuses the rest", () => {
    expect([refinePixels("1"), refinePixels(" 12 "), refinePixels("50")]).toEqual([1, 12, 50]);
    expect([refinePixels(""), refinePixels("0"), refinePixels("51"), refinePixels("2.5"), refinePixels("-3"), refinePixels("abc")]).toEqual([null, null, null, null, null, null]);
  });
});

const wand = vi.hoisted(() => ({ calls: [] as { x: number; y: number; preview: boolean; resolve: (m: { mask: BinaryMask; scale: number }) => void }[] }));
vi.mock("@/lib/mask/auto/mask-worker-client", () => ({
  runWand: (_image: unknown, x: number, y: number, _options: unknown, preview = false) =>
    new Promise<{ mask: BinaryMask; scale: number }>((resolve) => wand.calls.push({ x, y, preview, resolve })),
  runAutoMask: vi.fn(),
  runRefine: vi.fn(),
}));
vi.mock("@/lib/mask/binary-mask", () => ({ readImagePixels: () => ({ width: 4, height: 4, data: new Uint8ClampedArray(64) }) }));

describe("the wand's live preview", () => {
  let frames: (() => void)[];
  beforeEach(() => {
    frames = [];
    wand.calls = [];
    vi.stubGlobal("requestAnimationFrame", (fn: () => void) => frames.push(fn));
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
    vi.stubGlobal("ImageData", class { data: Uint8ClampedArray; constructor(public width: number, public height: number) { this.data = new Uint8ClampedArray(width * height * 4); } });
    vi.stubGlobal("OffscreenCanvas", class { getContext() { return { putImageData: () => undefined }; } });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("asks once per animation frame, one request at a time, and the latest pointer position wins", async () => {
    const { AutoToolRunner } = await import("@/components/mask-painter/auto-tool-runner");
    const previews: unknown[] = [];
    const view = { setPreview: (p: unknown) => previews.push(p), invalidate: () => undefined };
    const report = { busy: () => undefined, applied: () => undefined, message: () => undefined };
    const doc = { width: 4, height: 4 } as never;
    const runner = new AutoToolRunner(doc, {} as CanvasImageSource, view, report, () => ({ tolerance: 30, contiguous: true }));
    const region = { mask: { width: 2, height: 2, data: new Uint8Array(4) }, scale: 2 };

    runner.wand(1, 1, "hover");
    runner.wand(2, 2, "hover");
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(wand.calls.map((c) => [c.x, c.y, c.preview])).toEqual([[2, 2, true]]);
    // While that request runs, moves only update the position: no frame, no second request.
    runner.wand(3, 1, "hover");
    runner.wand(3, 3, "hover");
    expect(frames).toHaveLength(0);
    wand.calls[0]!.resolve(region);
    await vi.waitFor(() => expect(previews).toHaveLength(1));
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(wand.calls.map((c) => [c.x, c.y])).toEqual([[2, 2], [3, 3]]);
    // The same pixel again asks nothing new; leaving the canvas clears the preview.
    wand.calls[1]!.resolve(region);
    await vi.waitFor(() => expect(previews).toHaveLength(2));
    runner.wand(3.4, 3.6, "hover");
    frames.shift()?.();
    expect(wand.calls).toHaveLength(2);
    runner.stopPreview();
    expect(previews.at(-1)).toBeNull();
  });
});
