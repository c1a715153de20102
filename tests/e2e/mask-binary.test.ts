import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import type * as MaskModule from "@/lib/mask/mask-document";
import { moduleInChromium } from "../support/browser-bundle";

/**
 * Whole binary masks (an automatic proposal, a wand region, a refined mask) applied to the real
 * mask document in Chromium: replace, add and remove, each one undo step, and read back exactly.
 */
type PageWindow = Window & { Mask: typeof MaskModule };

const chromium = moduleInChromium("lib/mask/mask-document.ts", "Mask");

/** A 40 × 30 document: a stroke-free run of steps, exported after each named one. */
async function run(steps: string): Promise<Record<string, { data: number[]; canUndo: boolean; canRedo: boolean; binary: number[] }>> {
  const shots = await chromium.page.evaluate(async (steps) => {
    const { Mask } = window as unknown as PageWindow;
    const doc = new Mask.MaskDocument(40, 30);
    /** 1 inside the box x0..x1 × y0..y1, 0 elsewhere. */
    const box = (x0: number, y0: number, x1: number, y1: number) => {
      const data = new Uint8Array(40 * 30);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * 40 + x] = 1;
      return { width: 40, height: 30, data };
    };
    const out: Record<string, unknown> = {};
    const snapshot = async (name: string) => {
      const bytes = new Uint8Array(await (await doc.exportPng()).arrayBuffer());
      out[name] = { bytes: Array.from(bytes), canUndo: doc.canUndo, canRedo: doc.canRedo, binary: Array.from(doc.toBinaryMask().data) };
    };
    const fn = new Function("doc", "box", "snapshot", `return (async () => { ${steps} })()`) as (...args: unknown[]) => Promise<void>;
    await fn(doc, box, snapshot);
    return out as Record<string, { bytes: number[]; canUndo: boolean; canRedo: boolean; binary: number[] }>;
  }, steps);
  return Object.fromEntries(
    Object.entries(shots).map(([name, { bytes, ...rest }]) => [name, { data: Array.from(decode(new Uint8Array(bytes)).data), ...rest }]),
  );
}

const characterPixels = (shot: { data: number[] }) => shot.data.filter((v) => v === 0).length;
const at = (shot: { data: number[] }, x: number, y: number) => shot.data[y * 40 + x];

describe("binary masks in the mask document", () => {
  it("replaces, adds and removes as one undo step each, and undo and redo swap them exactly", async () => {
    const shots = await run(`
      doc.fillShape([{ x: 0, y: 0 }, { x: 5, y: 0 }, { x: 5, y: 5 }, { x: 0, y: 5 }]);
      await snapshot("painted");
      doc.applyBinaryMask(box(10, 10, 20, 20), "replace");
      await snapshot("replaced");
      doc.applyBinaryMask(box(18, 10, 30, 20), "add");
      await snapshot("added");
      doc.applyBinaryMask(box(10, 10, 15, 30), "remove");
      await snapshot("removed");
      doc.undo();
      await snapshot("undo1");
      doc.undo();
      doc.undo();
      await snapshot("undo3");
      doc.redo();
      await snapshot("redo1");
    `);
    expect(characterPixels(shots.painted!)).toBe(25);
    expect(characterPixels(shots.replaced!)).toBe(100);
    expect([at(shots.replaced!, 2, 2), at(shots.replaced!, 10, 10), at(shots.replaced!, 19, 19), at(shots.replaced!, 20, 19)]).toEqual([255, 0, 0, 255]);
    expect(characterPixels(shots.added!)).toBe(200);
    expect(characterPixels(shots.removed!)).toBe(150);
    expect([at(shots.removed!, 12, 12), at(shots.removed!, 16, 12), at(shots.removed!, 25, 12)]).toEqual([255, 0, 0]);
    expect(shots.undo1!.data).toEqual(shots.added!.data);
    expect(shots.undo3!.data).toEqual(shots.painted!.data);
    expect(shots.redo1!.data).toEqual(shots.replaced!.data);
    expect(shots.redo1!.canRedo).toBe(true);
    // The binary view agrees with the export pixel for pixel (1 = character = black).
    expect(shots.removed!.binary).toEqual(shots.removed!.data.map((v) => (v === 0 ? 1 : 0)));
  });
});
