import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import type * as MaskModule from "@/lib/mask/mask-document";
import { EDIT_INVERT_POLARITY } from "@/lib/mask/edit-region";
import { moduleInChromium } from "../support/browser-bundle";

/**
 * The rectangle and lasso tools' fills in the real mask document (canvas compositing in Chromium):
 * what they cover, that each is one undo step, and the fix region exported as fal's edit mask.
 */
type PageWindow = Window & { Mask: typeof MaskModule };

const chromium = moduleInChromium("lib/mask/mask-document.ts", "Mask");

/** Runs `steps` on a fresh 400 × 300 document and exports it after each named step. */
async function exportsAfter(steps: string, invertPolarity = false): Promise<Record<string, { width: number; height: number; channels: number; data: number[]; canUndo: boolean }>> {
  return chromium.page.evaluate(
    async ({ steps, invertPolarity }) => {
      const { Mask } = window as unknown as PageWindow;
      const doc = new Mask.MaskDocument(400, 300);
      const out: Record<string, unknown> = {};
      const snapshot = async (name: string) => {
        const bytes = new Uint8Array(await (await doc.exportPng({ invertPolarity })).arrayBuffer());
        out[name] = { bytes: Array.from(bytes), canUndo: doc.canUndo };
      };
      const run = new Function("doc", "snapshot", `return (async () => { ${steps} })()`) as (d: unknown, s: unknown) => Promise<void>;
      await run(doc, snapshot);
      return out as Record<string, { bytes: number[]; canUndo: boolean }>;
    },
    { steps, invertPolarity },
  ).then((shots) =>
    Object.fromEntries(
      Object.entries(shots).map(([name, { bytes, canUndo }]) => {
        const png = decode(new Uint8Array(bytes));
        return [name, { width: png.width, height: png.height, channels: png.channels, data: Array.from(png.data), canUndo }];
      }),
    ),
  );
}

const at = (png: { width: number; data: number[] }, x: number, y: number) => png.data[y * png.width + x];
const count = (png: { data: number[] }, value: number) => png.data.filter((v) => v === value).length;

describe("rectangle and lasso fills", () => {
  it("fills a rectangle exactly, as one undo step that redo brings back", async () => {
    const shots = await exportsAfter(`
      doc.fillShape([{ x: 100, y: 50 }, { x: 300, y: 50 }, { x: 300, y: 150 }, { x: 100, y: 150 }]);
      await snapshot("filled");
      doc.undo();
      await snapshot("undone");
      doc.redo();
      await snapshot("redone");
    `);
    const { filled, undone, redone } = shots as Record<string, NonNullable<(typeof shots)[string]>>;
    expect([filled!.width, filled!.height, filled!.channels]).toEqual([400, 300, 1]);
    expect(count(filled!, 0)).toBe(200 * 100);
    expect([at(filled!, 100, 50), at(filled!, 299, 149), at(filled!, 99, 50), at(filled!, 300, 150)]).toEqual([0, 0, 255, 255]);
    expect(filled!.canUndo).toBe(true);
    expect(count(undone!, 0)).toBe(0);
    expect(undone!.canUndo).toBe(false);
    expect(redone!.data).toEqual(filled!.data);
  });

  it("fills a lasso's inside, crossing loops included, and the eraser takes a shape away", async () => {
    const shots = await exportsAfter(`
      doc.fillShape([{ x: 50, y: 50 }, { x: 250, y: 50 }, { x: 50, y: 250 }]);
      await snapshot("triangle");
      // A pentagram drawn in one stroke: its centre is wound twice, and still filled.
      doc.fillShape([0, 1, 2, 3, 4].map((k) => ({ x: 340 + 40 * Math.cos((-90 + 144 * k) * Math.PI / 180), y: 60 + 40 * Math.sin((-90 + 144 * k) * Math.PI / 180) })));
      await snapshot("star");
      doc.fillShape([{ x: 50, y: 50 }, { x: 100, y: 50 }, { x: 100, y: 100 }, { x: 50, y: 100 }], "eraser");
      await snapshot("erased");
    `);
    const { triangle, star, erased } = shots;
    // Half of the 200 × 200 square, give or take the antialiased diagonal.
    expect(Math.abs(count(triangle!, 0) - 20_000)).toBeLessThan(250);
    expect([at(triangle!, 60, 60), at(triangle!, 200, 200), at(triangle!, 149, 60)]).toEqual([0, 255, 0]);
    expect([at(star!, 340, 60), at(star!, 340, 25), at(star!, 310, 95)]).toEqual([0, 0, 255]);
    expect([at(erased!, 75, 75), at(erased!, 110, 60)]).toEqual([255, 0]);
  });

  it("exports a fix region as fal's edit mask: black to repaint, white kept, whatever the character polarity", async () => {
    const { region } = await exportsAfter(
      `doc.fillShape([{ x: 10, y: 10 }, { x: 60, y: 10 }, { x: 60, y: 40 }, { x: 10, y: 40 }]); await snapshot("region");`,
      EDIT_INVERT_POLARITY,
    );
    expect(region!.channels).toBe(1);
    expect([at(region!, 20, 20), at(region!, 200, 200)]).toEqual([0, 255]);
    expect(new Set(region!.data)).toEqual(new Set([0, 255]));
  });
});
