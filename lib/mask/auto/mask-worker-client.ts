import type { MaskRequest, MaskResponse, MaskResult } from "./mask-worker";
import type { AutoMaskOptions, AutoMaskResult, BinaryMask, RefineOperation, RgbaImage, WandOptions } from "./types";

/** The part of a Worker the client uses, so tests can run the handler in the same thread. */
export interface MaskWorkerLike {
  postMessage(message: MaskRequest, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<MaskResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

type Pending = { resolve: (value: MaskResult) => void; reject: (error: Error) => void };

/**
 * Promises over the mask worker. One worker, made on first use. The reference is copied to the
 * worker once (the caller keeps drawing it) and not again while the same pixels are used;
 * result masks come back transferred, not copied.
 */
export function createMaskClient(createWorker: () => MaskWorkerLike) {
  let worker: MaskWorkerLike | undefined;
  let sent: Uint8ClampedArray | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const start = () => {
    if (worker) return worker;
    const w = createWorker();
    w.onmessage = (event) => {
      const reply = event.data;
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new Error(reply.message));
    };
    w.onerror = (event) => {
      const error = new Error(`The mask worker stopped (${event.message || "unknown error"}). Try again; painting by hand still works.`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      worker = undefined;
      sent = undefined;
    };
    worker = w;
    return w;
  };

  const request = (body: DistributiveOmit<MaskRequest, "id" | "image">, image?: RgbaImage, transfer: Transferable[] = []) =>
    new Promise<MaskResult>((resolve, reject) => {
      const w = start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const withImage = image && image.data !== sent ? { image } : {};
      if (image) sent = image.data;
      w.postMessage({ ...body, id, ...withImage } as MaskRequest, transfer);
    });

  return {
    async runAutoMask(image: RgbaImage, options: AutoMaskOptions = {}): Promise<AutoMaskResult> {
      const value = await request({ kind: "auto", options }, image);
      if (value.kind !== "auto") throw new Error("The mask worker answered a different request.");
      return value.result;
    },
    /** `preview`: picked on a downscaled copy; the mask comes back at that size with its `scale`. */
    async runWand(image: RgbaImage, x: number, y: number, options: WandOptions, preview = false): Promise<{ mask: BinaryMask; scale: number }> {
      const value = await request({ kind: "wand", x, y, options, preview }, image);
      if (value.kind !== "wand") throw new Error("The mask worker answered a different request.");
      return { mask: value.mask, scale: value.scale };
    },
    /** The mask's buffer is transferred: the caller gets the refined mask back and must not keep using the one it sent. */
    async runRefine(mask: BinaryMask, op: RefineOperation): Promise<BinaryMask> {
      const value = await request({ kind: "refine", mask, op }, undefined, [mask.data.buffer as ArrayBuffer]);
      if (value.kind !== "refine") throw new Error("The mask worker answered a different request.");
      return value.mask;
    },
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const defaultClient = createMaskClient(() => new Worker(new URL("./mask-worker.ts", import.meta.url), { type: "module" }) as unknown as MaskWorkerLike);

export const { runAutoMask, runWand, runRefine } = defaultClient;
