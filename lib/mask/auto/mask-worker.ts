/// <reference lib="webworker" />
import { autoMask } from "./auto-mask";
import { refineMask } from "./refine";
import type { AutoMaskOptions, AutoMaskResult, BinaryMask, RefineOperation, RgbaImage, WandOptions } from "./types";
import { magicWand, magicWandPreview } from "./wand";

/**
 * The automatic mask's worker: proposals, wand picks and refinements run here so the painter keeps
 * drawing. The reference is sent once and kept: wand picks on it send only the point, since
 * copying a 2048² image (16 MB) would cost more than the pick itself.
 */
export type MaskRequest = { id: number; image?: RgbaImage } & (
  | { kind: "auto"; options: AutoMaskOptions }
  | { kind: "wand"; x: number; y: number; options: WandOptions; preview: boolean }
  | { kind: "refine"; mask: BinaryMask; op: RefineOperation }
);

export type MaskResult = { kind: "auto"; result: AutoMaskResult } | { kind: "wand"; mask: BinaryMask; scale: number } | { kind: "refine"; mask: BinaryMask };
export type MaskResponse = { id: number; ok: true; value: MaskResult } | { id: number; ok: false; message: string };

let current: RgbaImage | undefined;

export function handleMaskRequest(request: MaskRequest): { response: MaskResponse; transfer: ArrayBuffer[] } {
  const { id } = request;
  try {
    if (request.image) current = request.image;
    const image = () => {
      if (!current) throw new Error("No reference was sent to the mask worker; send the image with the first request.");
      return current;
    };
    let value: MaskResult;
    if (request.kind === "auto") value = { kind: "auto", result: autoMask(image(), request.options) };
    else if (request.kind === "wand") {
      value = request.preview ? { kind: "wand", ...magicWandPreview(image(), request.x, request.y, request.options) } : { kind: "wand", mask: magicWand(image(), request.x, request.y, request.options), scale: 1 };
    } else value = { kind: "refine", mask: refineMask(request.mask, request.op) };
    const mask = value.kind === "auto" ? value.result.mask : value.mask;
    return { response: { id, ok: true, value }, transfer: [mask.data.buffer as ArrayBuffer] };
  } catch (error) {
    return { response: { id, ok: false, message: error instanceof Error ? error.message : String(error) }, transfer: [] };
  }
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = (event: MessageEvent<MaskRequest>) => {
    const { response, transfer } = handleMaskRequest(event.data);
    scope.postMessage(response, transfer);
  };
}
