import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { autoMask } from "@/lib/mask/auto/auto-mask";
import type { RgbaImage } from "@/lib/mask/auto/types";
import { iou, makeFixture, type Background } from "@/tests/fixtures/auto-mask/generate";
import { deriveMascotTruth, readMascotTruth } from "@/tests/fixtures/auto-mask/mascot-truth";

/**
 * How close the proposal comes to the true mask (intersection over union) on drawn characters
 * and on the mascot reference, whose true mask was made once and checked by eye
 * (tests/fixtures/auto-mask/mascot-truth.ts).
 */
const GOALS: Record<Background, number | null> = { flat: 0.95, gradient: 0.95, noise: 0.85, stripes: 0.85, photo: null };
const table: string[] = [];

afterAll(() => {
  console.info(`| Fixture | IoU | Confidence |\n| --- | --- | --- |\n${table.join("\n")}`);
});

describe("automatic mask on drawn characters", () => {
  for (const crop of [false, true]) {
    for (const kind of Object.keys(GOALS) as Background[]) {
      const goal = GOALS[kind];
      it(`${kind}${crop ? ", bust cut by the bottom edge" : ""}: ${goal ? `IoU ≥ ${goal}` : "asks for a check"}`, () => {
        const fixture = makeFixture(kind, 320, crop);
        const result = autoMask(fixture.image);
        const score = iou(result.mask, fixture.truth);
        table.push(`| ${fixture.name} | ${score.toFixed(3)} | ${result.confidence}${result.reason ? ` (${result.reason})` : ""} |`);
        if (goal) {
          expect(score).toBeGreaterThanOrEqual(goal);
          expect(result.confidence).toBe("good");
        } else {
          expect(result.confidence).toBe("check");
          expect(result.reason).toMatch(/busy background/i);
        }
      });
    }
  }
});

describe("automatic mask on a large reference", () => {
  for (const kind of ["flat", "gradient"] as const) {
    it(`${kind} at 1536 × 1536 (worked at 512, edge drawn at full size): IoU ≥ 0.98`, () => {
      const fixture = makeFixture(kind, 1536);
      const result = autoMask(fixture.image);
      const score = iou(result.mask, fixture.truth);
      table.push(`| ${fixture.name}, 1536 × 1536 | ${score.toFixed(3)} | ${result.confidence} |`);
      expect(score).toBeGreaterThanOrEqual(0.98);
    });
  }
});

describe("automatic mask on the mascot reference", () => {
  it("finds the crab, eyes included, and leaves out the question mark beside it", async () => {
    const dir = path.resolve(import.meta.dirname, "../fixtures");
    const { data, info } = await sharp(path.join(dir, "mascot-reference.jpg")).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const image: RgbaImage = { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
    const truth = await readMascotTruth();
    const result = autoMask(image);
    const score = iou(result.mask, truth);
    table.push(`| mascot-reference.jpg (1200 × 807 JPEG) | ${score.toFixed(3)} | ${result.confidence} |`);
    expect(score).toBeGreaterThanOrEqual(0.95);
    // The question mark's black stroke, left of the crab, is not character.
    expect(result.mask.data[380 * info.width + 110]).toBe(0);
    expect(result.confidence).toBe("good");
  });

  it("the stored true mask is still what its recorded procedure makes", async () => {
    const [stored, derived] = await Promise.all([readMascotTruth(), deriveMascotTruth()]);
    expect(stored.data).toEqual(derived.mask.data);
  });
});
