import "server-only";
import sharp, { type OverlayOptions, type Sharp } from "sharp";
import { sameSizeMessage, type ColorPalette } from "@/lib/fal/schema";
import { alphaBounds, drawDraftPanels, drawVariations, prepareCharacter, renderFigure, type Box, type Cutout, type DraftPanelRequest } from "./draw-panel";
import { IMAGE_LOC, InputError, MASK_LOC, type Loc } from "./inputs";
import { draftBadge, hashString, mulberry32, type Rgb, type Rng, type Tint } from "./scene";

/**
 * Drawing for the offline stand-ins of `fal-ai/ideogram/character/edit` (repaint the region a
 * mask marks black with the character, leave every other pixel alone) and `.../remix` (a new
 * panel that keeps `strength` of an input image's composition), on draw-panel's cut-out.
 */

interface Raster {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

/** Edits keep the whole image in memory several times over; Castboard's own images stay within this. */
const MAX_EDIT_SIDE = 4096;

async function rasterOf(bytes: Buffer, what: string, loc: Loc, prepare: (image: Sharp) => Sharp): Promise<Raster> {
  try {
    const { data, info } = await prepare(sharp(bytes)).raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch {
    throw new InputError(`The ${what} could not be decoded as an image`, loc);
  }
}

async function storedSize(bytes: Buffer, what: string, loc: Loc) {
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => null);
  if (!meta?.width || !meta.height) throw new InputError(`The ${what} could not be decoded as an image`, loc);
  return { width: meta.width, height: meta.height };
}

export interface EditSource {
  /** The input image as stored (no EXIF rotation, like the schema's size check), sRGB, 3 or 4 channels. */
  image: Raster;
  /** 255 where the mask asks for a repaint (grey < 128), else 0. */
  region: Buffer;
  /** The region with a slightly softened edge: how much of the repaint each pixel takes. */
  weight: Buffer;
  box: Box;
}

/** Reads an edit's image and mask and finds the region to repaint, or says why it cannot. */
export async function prepareEdit(imageBytes: Buffer, maskBytes: Buffer): Promise<EditSource> {
  const size = await storedSize(imageBytes, "source image", IMAGE_LOC);
  const maskSize = await storedSize(maskBytes, "mask", MASK_LOC);
  if (size.width !== maskSize.width || size.height !== maskSize.height) throw new InputError(sameSizeMessage(size, maskSize), MASK_LOC);
  if (Math.max(size.width, size.height) > MAX_EDIT_SIDE) {
    throw new InputError(`The offline engine edits images up to ${MAX_EDIT_SIDE} px a side; this one is ${size.width} x ${size.height}`, IMAGE_LOC);
  }
  const image = await rasterOf(imageBytes, "source image", IMAGE_LOC, (s) => s.toColourspace("srgb"));
  // Transparent mask pixels count as white: kept, the safe reading of an unpainted area.
  const grey = await rasterOf(maskBytes, "mask", MASK_LOC, (s) => s.flatten({ background: "#ffffff" }).toColourspace("b-w").extractChannel(0));
  if (image.channels !== 3 && image.channels !== 4) throw new InputError("The source image could not be decoded as an image", IMAGE_LOC);
  const region = Buffer.allocUnsafe(size.width * size.height);
  for (let i = 0; i < region.length; i++) region[i] = grey.data[i]! < 128 ? 255 : 0;
  const box = alphaBounds(region, size.width, size.height, 1);
  if (!box) throw new InputError("The mask marks no region to repaint: paint the area to change", MASK_LOC);
  // A hard cut would show a seam; the softening is clipped to the region so nothing outside moves.
  const sigma = Math.min(4, Math.max(0.6, Math.min(box.width, box.height) / 150));
  const blurred = await sharp(region, { raw: { width: size.width, height: size.height, channels: 1 } }).blur(sigma).extractChannel(0).raw().toBuffer();
  const weight = Buffer.alloc(region.length);
  for (let i = 0; i < region.length; i++) if (region[i]) weight[i] = Math.max(1, blurred[i]!);
  return { image, region, weight, box };
}

/** Draft tints for when the request names no palette and no style references. */
const DRAFT_TINTS: Rgb[] = [
  [236, 200, 150],
  [150, 190, 230],
  [190, 225, 170],
  [225, 170, 200],
];

const pickTint = (r: Rng, tints: Tint[]): Rgb => (tints.length ? tints[Math.floor(r() * tints.length)]!.rgb : DRAFT_TINTS[Math.floor(r() * DRAFT_TINTS.length)]!);

/** The top-left-most of a grid of spots where the draft badge lies wholly inside the region, or null. */
function badgeSpot(source: EditSource, badge: { width: number; height: number }, inset: number) {
  const { box, region, image } = source;
  const steps = (room: number) => (room < 0 ? [] : Array.from({ length: 9 }, (_, i) => Math.round((room * i) / 8)));
  for (const dy of steps(box.height - badge.height - 2 * inset)) {
    for (const dx of steps(box.width - badge.width - 2 * inset)) {
      const [left, top] = [box.left + inset + dx, box.top + inset + dy];
      let inside = true;
      for (let y = top; inside && y < top + badge.height; y++) {
        for (let x = left; inside && x < left + badge.width; x++) inside = region[y * image.width + x] !== 0;
      }
      if (inside) return { left: left - box.left, top: top - box.top };
    }
  }
  return null;
}

/** The repaint for the region's box: a softened, tinted copy of what was there, the character standing in it. */
async function repaint(source: EditSource, cut: Cutout, tints: Tint[], prompt: string, seed: number): Promise<Buffer> {
  const { image, box } = source;
  const r = mulberry32(hashString(prompt) ^ Math.imul(seed, 0x9e3779b1));
  const tint = pickTint(r, tints);
  const k = 0.3 + 0.25 * r();
  const aspect = cut.box.width / cut.box.height;
  // Most of the box, near its middle: a region is rarely a rectangle, and its corners get clipped.
  const height = Math.max(1, Math.round(Math.min(box.height * (0.72 + 0.12 * r()), (box.width * 0.8) / aspect)));
  const width = Math.max(1, Math.min(box.width, Math.round(height * aspect)));
  const place = {
    left: Math.round((box.width - width) * (0.4 + 0.2 * r())),
    top: Math.round((box.height - height) * (0.45 + 0.2 * r())),
    width,
    height,
    flip: r() < 0.5,
  };
  const layers: OverlayOptions[] = [{ input: await renderFigure(cut, place), raw: { width, height, channels: 4 }, left: place.left, top: place.top }];
  const badge = draftBadge(box.width, box.height);
  const spot = badgeSpot(source, badge, Math.round(Math.min(box.width, box.height) * 0.04));
  if (spot) layers.push({ input: Buffer.from(badge.svg), ...spot });
  // Two pipelines: sharp runs its own steps in a fixed order, and the character must not be softened or tinted.
  const backdrop = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 3 | 4 } })
    .extract(box)
    .flatten({ background: { r: tint[0], g: tint[1], b: tint[2] } })
    .blur(Math.max(1.5, Math.min(box.width, box.height) / 24))
    .linear([1 - k, 1 - k, 1 - k], [tint[0] * k, tint[1] * k, tint[2] * k])
    .raw()
    .toBuffer();
  return sharp(backdrop, { raw: { width: box.width, height: box.height, channels: 3 } })
    .composite(layers)
    .removeAlpha()
    .raw()
    .toBuffer();
}

/** Lays the repaint into a copy of the image, through the region's weights only. */
function mergeInto(source: EditSource, patch: Buffer): Buffer {
  const { image, box, weight } = source;
  const out = Buffer.from(image.data);
  const c = image.channels;
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const i = (box.top + y) * image.width + box.left + x;
      const w = weight[i]!;
      if (!w) continue;
      const [o, p] = [i * c, (y * box.width + x) * 3];
      for (let ch = 0; ch < 3; ch++) out[o + ch] = Math.round((patch[p + ch]! * w + out[o + ch]! * (255 - w)) / 255);
      if (c === 4) out[o + 3] = Math.round((255 * w + out[o + 3]! * (255 - w)) / 255);
    }
  }
  return out;
}

export interface EditPanelRequest {
  reference: Buffer;
  referenceMask?: Buffer;
  prompt: string;
  seed: number;
  count: number;
  palette?: ColorPalette;
  styleReferences?: Buffer[];
}

/** `count` lossless PNGs at the image's size, equal to it wherever the mask is white. Variation i uses seed + i. */
export async function drawEditPanels(source: EditSource, req: EditPanelRequest): Promise<Buffer[]> {
  const { cut, tints } = await prepareCharacter({ ...req, mask: req.referenceMask });
  const { width, height, channels } = source.image;
  return drawVariations(req.seed, req.count, async (seed) => {
    const merged = mergeInto(source, await repaint(source, cut, tints, req.prompt, seed));
    return sharp(merged, { raw: { width, height, channels: channels as 3 | 4 } })
      .png({ compressionLevel: 4 })
      .toBuffer();
  });
}

export interface RemixPanelRequest extends DraftPanelRequest {
  image: Buffer;
  /** 0.01 to 1: how much of the input image's composition the panel keeps. */
  strength: number;
}

/**
 * Draft panels at the requested size whose scene is the input image (scaled to cover the frame)
 * blended with the scene drawn for the prompt, `strength` of the former; the character goes on top.
 */
export async function drawRemixPanels(req: RemixPanelRequest): Promise<Buffer[]> {
  const base = await rasterOf(req.image, "source image", IMAGE_LOC, (s) =>
    s.autoOrient().resize(req.width, req.height, { fit: "cover" }).flatten({ background: "#ffffff" }).toColourspace("srgb").ensureAlpha(),
  );
  if (base.channels !== 4) throw new InputError("The source image could not be decoded as an image", IMAGE_LOC);
  const keep = Math.round(req.strength * 256);
  return drawDraftPanels(req, (scene) => {
    const out = Buffer.allocUnsafe(scene.length);
    for (let i = 0; i < scene.length; i++) out[i] = (base.data[i]! * keep + scene[i]! * (256 - keep) + 128) >> 8;
    return out;
  });
}
