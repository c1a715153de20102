import { describe, expect, it } from "vitest";
import { handleMaskRequest, type MaskRequest, type MaskResponse } from "@/lib/mask/auto/mask-worker";
import { createMaskClient, type MaskWorkerLike } from "@/lib/mask/auto/mask-worker-client";
import type { RefineOperation, RgbaImage } from "@/lib/mask/auto/types";

/** The worker's handler run in this thread behind the Worker interface, counting what is sent. */
function inThreadWorker(sentImages: number[]): MaskWorkerLike {
  const worker: MaskWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message: MaskRequest) {
      sentImages.push(message.image ? 1 : 0);
      const { response } = handleMaskRequest(structuredClone(message));
      queueMicrotask(() => worker.onmessage?.({ data: response } as MessageEvent<MaskResponse>));
    },
  };
  return worker;
}

function picture(): RgbaImage {
  const data = new Uint8ClampedArray(30 * 20 * 4);
  for (let i = 0; i < 600; i++) {
    const x = i % 30;
    const y = Math.floor(i / 30);
    data.set(x >= 10 && x < 20 && y >= 5 && y < 15 ? [220, 50, 40, 255] : [60, 120, 220, 255], i * 4);
  }
  return { width: 30, height: 20, data };
}

describe("mask worker client", () => {
  it("proposes, picks and refines through the worker, sending the reference once", async () => {
    const sent: number[] = [];
    let created = 0;
    const client = createMaskClient(() => {
      created++;
      return inThreadWorker(sent);
    });
    const image = picture();
    const proposal = await client.runAutoMask(image);
    expect(proposal.coverage).toBeCloseTo(100 / 600, 6);
    const pick = await client.runWand(image, 15, 10, { tolerance: 10, contiguous: true });
    expect(pick.scale).toBe(1);
    expect(pick.mask.data).toEqual(proposal.mask.data);
    const grown = await client.runRefine(pick.mask, { kind: "grow", pixels: 1 });
    expect(grown.data.reduce((a, b) => a + b, 0)).toBe(100 + 4 * 10);
    expect(sent).toEqual([1, 0, 0]);
    expect(created).toBe(1);
    // Other pixels are sent again.
    await client.runAutoMask(picture());
    expect(sent).toEqual([1, 0, 0, 1]);
  });

  it("rejects with the worker's message when a request fails, and when the worker stops", async () => {
    const client = createMaskClient(() => inThreadWorker([]));
    const mask = { width: 2, height: 1, data: new Uint8Array([1, 0]) };
    await expect(client.runRefine(mask, { kind: "blur" } as unknown as RefineOperation)).rejects.toThrow(/Unknown mask refinement "blur": choose grow/);

    let crashing: MaskWorkerLike | undefined;
    const crashed = createMaskClient(() => {
      crashing = { onmessage: null, onerror: null, postMessage: () => queueMicrotask(() => crashing!.onerror?.({ message: "out of memory" } as ErrorEvent)) };
      return crashing;
    });
    await expect(crashed.runAutoMask(picture())).rejects.toThrow(/mask worker stopped \(out of memory\)/);
  });
});
