import "server-only";
import { createHash } from "node:crypto";
import sharp, { type OverlayOptions } from "sharp";
import { LIMITS, type ColorPalette, type Style } from "@/lib/fal/schema";
import { isCharacterPixel } from "@/lib/mask/polarity";
import { draftBadge, paletteTints, planPanel, type CharacterPlacement, type PanelPlan, type Tint } from "./scene";

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

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
export interface Cutout {
  /** Raw pixels at reference size, RGB when opaque else RGBA; `box` is the part worth drawing. */
  pixels: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
  box: Box;
  /** False for a whole opaque reference: mirroring that would turn any text in it backwards. */
  mirrorable: boolean;
}

// No panel draws the character taller than 75% of 2048 px, so larger references only cost time.
const MAX_REFERENCE_SIDE = 2048;

async function decodeReference(bytes: Buffer) {
  try {
    const { data, info } = await sharp(bytes)
      .autoOrient()
      .resize(MAX_REFERENCE_SIDE, MAX_REFERENCE_SIDE, { fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) throw new Error(`unexpected ${info.channels} channels`);
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch {
    throw new Error("The character reference could not be decoded as an image");
  }
}

/** The mask's grey values at its own size, so decoding can overlap the reference's. */
async function decodeMask(bytes: Buffer, inverted: boolean) {
  // Transparent mask pixels count as background, whichever grey that is under this polarity.
  const bg = isCharacterPixel(255, inverted) ? 0 : 255;
  try {
    const { data, info } = await sharp(bytes)
      .autoOrient()
      .flatten({ background: { r: bg, g: bg, b: bg } })
      .toColourspace("b-w")
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { grey: data, width: info.width, height: info.height };
  } catch {
    throw new Error("The character mask could not be decoded as an image");
  }
}

/**
 * 255 where the mask marks the character, at the reference's size, and its bounding box.
 * A JS pass on purpose: sharp runs single-threaded here and its upscale + blur cost ~3x this
 * loop. Bilinear sampling keeps a smaller mask's outline smooth, and each panel's resize of the
 * cut-out antialiases the hard 0/255 edge.
 */
function characterAlpha(mask: { grey: Buffer; width: number; height: number }, width: number, height: number, inverted: boolean) {
  const lut = new Uint8Array(256);
  for (let g = 0; g < 256; g++) lut[g] = isCharacterPixel(g, inverted) ? 255 : 0;
  const { grey, width: mw, height: mh } = mask;
  const alpha = Buffer.allocUnsafe(width * height);
  if (mw === width && mh === height) {
    for (let i = 0; i < alpha.length; i++) alpha[i] = lut[grey[i]!]!;
  } else {
    // Fixed-point bilinear: 8 fractional bits per axis.
    const x0 = new Int32Array(width);
    const x1 = new Int32Array(width);
    const fx = new Int32Array(width);
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max(((x + 0.5) * mw) / width - 0.5, 0), mw - 1);
      x0[x] = Math.floor(sx);
      x1[x] = Math.min(Math.floor(sx) + 1, mw - 1);
      fx[x] = Math.round((sx - Math.floor(sx)) * 256);
    }
    for (let y = 0, o = 0; y < height; y++) {
      const sy = Math.min(Math.max(((y + 0.5) * mh) / height - 0.5, 0), mh - 1);
      const r0 = Math.floor(sy) * mw;
      const r1 = Math.min(Math.floor(sy) + 1, mh - 1) * mw;
      const fy = Math.round((sy - Math.floor(sy)) * 256);
      for (let x = 0; x < width; x++, o++) {
        const a = grey[r0 + x0[x]!]!;
        const c = grey[r1 + x0[x]!]!;
        const top = (a << 8) + (grey[r0 + x1[x]!]! - a) * fx[x]!;
        const bottom = (c << 8) + (grey[r1 + x1[x]!]! - c) * fx[x]!;
        alpha[o] = lut[((top << 8) + (bottom - top) * fy) >> 16]!;
      }
    }
  }
  return { alpha, box: alphaBounds(alpha, width, height, 1) };
}

/** Bounding box of the non-zero bytes at every `stride`th position (an alpha plane), or null. */
export function alphaBounds(buf: Buffer, width: number, height: number, stride: number): Box | null {
  let [minX, maxX, minY, maxY] = [width, -1, height, -1];
  for (let y = 0; y < height; y++) {
    const row = (y * width + 1) * stride - 1;
    let first = -1;
    for (let x = 0; x < width; x++) {
      if (buf[row + x * stride] !== 0) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = width - 1;
    while (buf[row + last * stride] === 0) last--;
    [minX, maxX, minY, maxY] = [Math.min(minX, first), Math.max(maxX, last), Math.min(minY, y), y];
  }
  return maxX < 0 ? null : { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

async function cutOut(reference: Buffer, mask: Buffer | undefined, inverted: boolean): Promise<Cutout> {
  // Settle both so a bad reference is reported ahead of a bad mask.
  const [refResult, maskResult] = await Promise.allSettled([
    decodeReference(reference),
    mask ? decodeMask(mask, inverted) : Promise.resolve(null),
  ]);
  if (refResult.status === "rejected") throw refResult.reason;
  if (maskResult.status === "rejected") throw maskResult.reason;
  const { data, width, height, channels } = refResult.value;
  const fullFrame = { left: 0, top: 0, width, height };
  const trimmed = channels === 4 ? alphaBounds(data, width, height, 4) : null;
  const box = trimmed ?? fullFrame;
  const whole: Cutout = { pixels: data, width, height, channels, box, mirrorable: box.width < width || box.height < height };
  if (!maskResult.value) return whole;
  const { alpha, box: selected } = characterAlpha(maskResult.value, width, height, inverted);
  // A mask that selects nothing is more likely a polarity mix-up than a wish for an empty panel.
  if (!selected) return whole;
  if (channels === 3) {
    const pixels = await sharp(data, { raw: { width, height, channels } })
      .joinChannel(alpha, { raw: { width, height, channels: 1 } })
      .raw()
      .toBuffer();
    return { pixels, width, height, channels: 4, box: selected, mirrorable: true };
  }
  const pixels = Buffer.from(data);
  for (let i = 0; i < alpha.length; i++) pixels[i * 4 + 3] = Math.min(pixels[i * 4 + 3]!, alpha[i]!);
  const inside = alphaBounds(pixels, width, height, 4);
  return inside ? { pixels, width, height, channels: 4, box: inside, mirrorable: true } : whole;
}

/** The three dominant colours of a style reference, from a thumbnail's coarse colour histogram. */
async function styleReferenceTints(image: Buffer): Promise<Tint[]> {
  let px: Buffer;
  try {
    px = await sharp(image)
      .resize(32, 32, { fit: "inside" })
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .raw()
      .toBuffer();
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
  // Ties broken by bin key so the order, and so the scene, never depends on Map internals.
  const top = [...bins.entries()].sort((p, q) => q[1].n - p[1].n || p[0] - q[0]).slice(0, 3);
  return top.map(([, bin]) => ({ rgb: [bin.r / bin.n, bin.g / bin.n, bin.b / bin.n], weight: 0.3 + 0.4 * (bin.n / total) }));
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

/** The cut-out scaled (and mirrored) into `place`, as raw RGBA: the character layer of every panel. */
export async function renderFigure(cut: Cutout, place: CharacterPlacement, grade?: PanelPlan["grade"]): Promise<Buffer> {
  let figure = sharp(cut.pixels, { raw: { width: cut.width, height: cut.height, channels: cut.channels } })
    .extract(cut.box)
    .resize(place.width, place.height, { fit: "fill" })
    .flop(place.flip && cut.mirrorable);
  // Skipped when neutral: modulate round-trips through LCh, the costliest step of the figure.
  if (grade && (grade.multiply.some((v) => v !== 1) || grade.add.some((v) => v !== 0))) figure = figure.linear([...grade.multiply], [...grade.add]);
  if (grade && grade.saturation !== 1) figure = figure.modulate({ saturation: grade.saturation });
  return figure.ensureAlpha().raw().toBuffer();
}

/**
 * Redraws a panel's scene (raw RGBA at panel size) before the character goes on it: how remix
 * keeps part of its input image. The scene handed over already carries the style's overlay.
 */
export type Restage = (scene: Buffer) => Buffer;

async function drawPanel(cut: Cutout, req: DraftPanelRequest, tints: Tint[], seed: number, restage?: Restage): Promise<Buffer> {
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
  const place = plan.character;
  // The two costly steps are independent, so they overlap on the thread pool.
  const [fig, backdrop] = await Promise.all([
    renderFigure(cut, place, plan.grade),
    sharp(Buffer.from(plan.background)).raw().toBuffer({ resolveWithObject: true }),
  ]);
  const badge = draftBadge(req.width, req.height);
  const layers: OverlayOptions[] = [
    { input: fig, raw: { width: place.width, height: place.height, channels: 4 }, left: place.left, top: place.top },
  ];
  const overlay: OverlayOptions[] = plan.overlay ? [{ input: Buffer.from(plan.overlay), left: 0, top: 0 }] : [];
  let scene: Buffer = backdrop.data;
  if (restage) {
    if (overlay.length) scene = await sharp(scene, { raw: backdrop.info }).composite(overlay).raw().toBuffer();
    scene = restage(scene);
  } else layers.push(...overlay);
  layers.push({ input: Buffer.from(badge.svg), left: badge.left, top: badge.top });
  return sharp(scene, { raw: backdrop.info })
    .composite(layers)
    .removeAlpha()
    .png({ compressionLevel: 4 })
    .toBuffer();
}

/**
 * A storyboard sends the same character with every panel, and cutting it out is the one part of
 * drawing that runs in JavaScript on the server's main thread: keep the last few cut-outs.
 */
const CUTOUT_CACHE_SIZE = 8;
const cutouts = new Map<string, Promise<Cutout>>();

function cachedCutOut(reference: Buffer, mask: Buffer | undefined, inverted: boolean): Promise<Cutout> {
  const hash = createHash("sha1").update(reference);
  if (mask) hash.update("\0mask").update(mask);
  const key = `${hash.digest("hex")}:${inverted}`;
  let cut = cutouts.get(key);
  if (cut) {
    cutouts.delete(key);
  } else {
    cut = cutOut(reference, mask, inverted);
    cut.catch(() => cutouts.delete(key));
  }
  cutouts.set(key, cut);
  while (cutouts.size > CUTOUT_CACHE_SIZE) cutouts.delete(cutouts.keys().next().value!);
  return cut;
}

/** The character cut out of its reference, and the tints the palette and style references give. */
export async function prepareCharacter(req: Pick<DraftPanelRequest, "reference" | "mask" | "maskInverted" | "palette" | "styleReferences">) {
  const [cut, ...styleTints] = await Promise.all([
    cachedCutOut(req.reference, req.mask, req.maskInverted ?? false),
    ...(req.styleReferences ?? []).map(styleReferenceTints),
  ]);
  return { cut, tints: [...paletteTints(req.palette), ...styleTints.flat()] };
}

/**
 * Draws variation i with seed + i (wrapping within the seed range), two at a time: enough to
 * keep both cores busy without holding eight 2048 px images in memory at once. Each depends
 * only on its seed, so order cannot leak in.
 */
export async function drawVariations(seed: number, count: number, draw: (seed: number) => Promise<Buffer>): Promise<Buffer[]> {
  const panels: Buffer[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) panels[i] = await draw((seed + i) % (LIMITS.seed.max + 1));
  };
  await Promise.all([worker(), worker()]);
  return panels;
}

/**
 * Draws `count` PNG panels (RGB, exactly width x height). Variation i uses seed + i, so asking
 * again with that seed and count 1 reproduces it, as a user would expect of a returned seed.
 */
export async function drawDraftPanels(req: DraftPanelRequest, restage?: Restage): Promise<Buffer[]> {
  checkRequest(req);
  const { cut, tints } = await prepareCharacter(req);
  return drawVariations(req.seed, req.count, (seed) => drawPanel(cut, req, tints, seed, restage));
}
