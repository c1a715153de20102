import sharp, { type OverlayOptions } from "sharp";
import { LIMITS, type ColorPalette, type Style } from "@/lib/fal/schema";
import { isCharacterPixel } from "@/lib/mask/polarity";
import { draftBadge, paletteTints, planPanel, type Tint } from "./scene";

/**
 * Drawing core of the offline stand-in for `fal-ai/ideogram/character`: cuts the character out
 * of its reference once, then composes it into a scene planned from prompt + seed, per variation.
 */

export interface DraftPanelRequest {
  reference: Buffer;
  mask?: Buffer;
  maskInverted?: boolean;
  prompt: string;
  negativePrompt?: string;
  seed: number;
  width: number;
  height: number;
  count: number;
  style?: Style;
  palette?: ColorPalette;
  styleReferences?: Buffer[];
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface Cutout {
  /** RGBA at reference size; `box` is the part worth drawing. */
  pixels: Buffer;
  width: number;
  height: number;
  box: Box;
}

// No panel draws the character taller than 75% of 2048 px, so larger references only cost time.
const MAX_REFERENCE_SIDE = 2048;

async function decodeReference(bytes: Buffer) {
  try {
    return await sharp(bytes)
      .autoOrient()
      .resize(MAX_REFERENCE_SIDE, MAX_REFERENCE_SIDE, { fit: "inside", withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new Error("The character reference could not be decoded as an image");
  }
}

/** 255 where the mask marks the character, 0 elsewhere, at the reference's size. */
async function maskAlpha(bytes: Buffer, width: number, height: number, inverted: boolean): Promise<Buffer> {
  // Transparent mask pixels count as background, whichever grey that is under this polarity.
  const bg = isCharacterPixel(255, inverted) ? 0 : 255;
  let grey: Buffer;
  try {
    grey = await sharp(bytes)
      .autoOrient()
      .flatten({ background: { r: bg, g: bg, b: bg } })
      .resize(width, height, { fit: "fill" })
      .toColourspace("b-w")
      .raw()
      .toBuffer();
  } catch {
    throw new Error("The character mask could not be decoded as an image");
  }
  const lut = new Uint8Array(256);
  for (let g = 0; g < 256; g++) lut[g] = isCharacterPixel(g, inverted) ? 255 : 0;
  const alpha = Buffer.allocUnsafe(width * height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = lut[grey[i]!]!;
  return alpha;
}

/** Bounding box of pixels with any alpha, or null when everything is transparent. */
function alphaBounds(rgba: Buffer, width: number, height: number): Box | null {
  let minX = width;
  let maxX = -1;
  let minY = height;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width * 4 + 3;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (rgba[row + x * 4]! > 0) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (first < minX) minX = first;
    if (last > maxX) maxX = last;
    if (y < minY) minY = y;
    maxY = y;
  }
  return maxX < 0 ? null : { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

async function cutOut(reference: Buffer, mask: Buffer | undefined, inverted: boolean): Promise<Cutout> {
  const { data, info } = await decodeReference(reference);
  const { width, height } = info;
  const whole: Cutout = { pixels: data, width, height, box: alphaBounds(data, width, height) ?? { left: 0, top: 0, width, height } };
  if (!mask) return whole;
  const selected = await maskAlpha(mask, width, height, inverted);
  // A mask that selects nothing is more likely a polarity mix-up than a wish for an empty panel.
  if (!selected.includes(255)) return whole;
  const soft = await sharp(selected, { raw: { width, height, channels: 1 } }).blur(0.7).toColourspace("b-w").raw().toBuffer();
  const pixels = Buffer.from(data);
  for (let i = 0; i < soft.length; i++) {
    const a = i * 4 + 3;
    pixels[a] = Math.min(pixels[a]!, soft[i]!);
  }
  const box = alphaBounds(pixels, width, height);
  return box ? { pixels, width, height, box } : whole;
}

/** A few dominant colours per style reference, from a thumbnail's coarse colour histogram. */
async function styleReferenceTints(images: Buffer[]): Promise<Tint[]> {
  const tints: Tint[] = [];
  for (const image of images) {
    let px: Buffer;
    try {
      px = await sharp(image).resize(32, 32, { fit: "inside" }).flatten({ background: "#ffffff" }).removeAlpha().raw().toBuffer();
    } catch {
      throw new Error("A style reference image could not be decoded as an image");
    }
    const bins = new Map<number, { n: number; r: number; g: number; b: number }>();
    for (let i = 0; i + 2 < px.length; i += 3) {
      const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
      const key = ((r >> 5) << 6) | ((g >> 5) << 3) | (b >> 5);
      const bin = bins.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
      bins.set(key, { n: bin.n + 1, r: bin.r + r, g: bin.g + g, b: bin.b + b });
    }
    const total = px.length / 3;
    const top = [...bins.entries()].sort((p, q) => q[1].n - p[1].n || p[0] - q[0]).slice(0, 3);
    for (const [, bin] of top)
      tints.push({ rgb: [bin.r / bin.n, bin.g / bin.n, bin.b / bin.n], weight: 0.3 + 0.4 * (bin.n / total) });
  }
  return tints;
}

function checkRequest(req: DraftPanelRequest): void {
  const { min, max } = LIMITS.customSide;
  for (const [name, v] of [["width", req.width], ["height", req.height]] as const)
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`Panel ${name} must be a whole number from ${min} to ${max} px`);
  if (!Number.isInteger(req.count) || req.count < LIMITS.numImages.min || req.count > LIMITS.numImages.max)
    throw new RangeError(`Panel count must be from ${LIMITS.numImages.min} to ${LIMITS.numImages.max}`);
  if (!Number.isInteger(req.seed) || req.seed < LIMITS.seed.min || req.seed > LIMITS.seed.max)
    throw new RangeError(`Seed must be a whole number from ${LIMITS.seed.min} to ${LIMITS.seed.max}`);
}

async function drawPanel(cut: Cutout, req: DraftPanelRequest, tints: Tint[], seed: number): Promise<Buffer> {
  const plan = planPanel({
    prompt: req.prompt,
    negativePrompt: req.negativePrompt,
    seed,
    width: req.width,
    height: req.height,
    aspect: cut.box.width / cut.box.height,
    style: req.style,
    tints,
  });
  const { character: place, grade } = plan;
  let figure = sharp(cut.pixels, { raw: { width: cut.width, height: cut.height, channels: 4 } })
    .extract(cut.box)
    .resize(place.width, place.height, { fit: "fill" })
    .flop(place.flip);
  // Skipped when neutral: modulate round-trips through LCh, the costliest step of the figure.
  if (grade.multiply.some((v) => v !== 1) || grade.add.some((v) => v !== 0)) figure = figure.linear([...grade.multiply], [...grade.add]);
  if (grade.saturation !== 1) figure = figure.modulate({ saturation: grade.saturation });
  // The two costly steps are independent, so they overlap on the thread pool.
  const [fig, backdrop] = await Promise.all([
    figure.raw().toBuffer(),
    sharp(Buffer.from(plan.background)).raw().toBuffer({ resolveWithObject: true }),
  ]);
  const badge = draftBadge(req.width, req.height);
  const layers: OverlayOptions[] = [
    { input: fig, raw: { width: place.width, height: place.height, channels: 4 }, left: place.left, top: place.top },
  ];
  if (plan.overlay) layers.push({ input: Buffer.from(plan.overlay), left: 0, top: 0 });
  layers.push({ input: Buffer.from(badge.svg), left: badge.left, top: badge.top });
  return sharp(backdrop.data, { raw: backdrop.info })
    .composite(layers)
    .removeAlpha()
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/**
 * Draws `count` PNG panels (RGB, exactly width x height). Variation i uses seed + i, so asking
 * again with that seed and count 1 reproduces it, as a user would expect of a returned seed.
 */
export async function drawDraftPanels(req: DraftPanelRequest): Promise<Buffer[]> {
  checkRequest(req);
  const [cut, styleTints] = await Promise.all([
    cutOut(req.reference, req.mask, req.maskInverted ?? false),
    styleReferenceTints(req.styleReferences ?? []),
  ]);
  const tints = [...paletteTints(req.palette), ...styleTints];
  const seeds = Array.from({ length: req.count }, (_, i) => (req.seed + i) % (LIMITS.seed.max + 1));
  return Promise.all(seeds.map((seed) => drawPanel(cut, req, tints, seed)));
}
