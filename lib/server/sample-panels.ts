import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { drawDraftPanels } from "../offline/draw-panel";
import { SAMPLE_CHARACTER, SAMPLE_PANEL_SIZE, SAMPLE_SHOTS } from "../samples/sample-storyboard";

/**
 * The sample storyboard's panels, drawn by the offline engine from the mascot in public/samples
 * and its mask. Drawn once per process and kept: five PNGs, each the same for everyone.
 */
const drawn = new Map<number, Promise<Buffer>>();

const sampleFile = (url: string) => readFile(path.join(process.cwd(), "public", url));
let inputs: Promise<[Buffer, Buffer]> | undefined;
/** The mascot and its mask, read once for every shot (and again only after a failed read). */
function sampleInputs(): Promise<[Buffer, Buffer]> {
  if (!inputs) {
    inputs = Promise.all([sampleFile(SAMPLE_CHARACTER.reference), sampleFile(SAMPLE_CHARACTER.mask)]);
    inputs.catch(() => (inputs = undefined));
  }
  return inputs;
}

export function isSampleShot(index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < SAMPLE_SHOTS.length;
}

export function drawSamplePanel(index: number): Promise<Buffer> {
  const shot = SAMPLE_SHOTS[index];
  if (!shot) throw new RangeError(`No sample shot ${index}`);
  let panel = drawn.get(index);
  if (!panel) {
    panel = sampleInputs()
      .then(([reference, mask]) => drawDraftPanels({ reference, mask, prompt: shot.prompt, seed: shot.seed, ...SAMPLE_PANEL_SIZE, count: 1 }))
      .then(([png]) => png!);
    // A failure (a missing file) is not kept: the next request tries again.
    panel.catch(() => drawn.delete(index));
    drawn.set(index, panel);
  }
  return panel;
}
