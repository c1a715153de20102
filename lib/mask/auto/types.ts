/**
 * The contract between the automatic mask algorithms (lib/mask/auto, run in a worker) and the
 * painter. Images and masks are plain typed arrays so they cross to and from the worker by
 * transfer. A mask is one byte per pixel: 1 = character (the region Ideogram keeps), 0 = not.
 */
export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row (ImageData's layout). */
  data: Uint8ClampedArray;
}

export interface BinaryMask {
  width: number;
  height: number;
  /** 1 byte per pixel: 1 = character, 0 = not. */
  data: Uint8Array;
}

/** A rectangle in image pixels: x0, y0 included, x1, y1 excluded. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface AutoMaskOptions {
  /** Only this box may be character; the background is estimated from its edges. */
  box?: PixelBox;
  /** Colour distance (CIE ΔE 2000 or ΔE76 in Lab) under which a pixel counts as background; default chosen by the algorithm. */
  tolerance?: number;
}

/** How sure the proposal is: "check" when the background was busy or the subject unclear. */
export type AutoMaskConfidence = "good" | "check";

export interface AutoMaskResult {
  mask: BinaryMask;
  confidence: AutoMaskConfidence;
  /** Why a proposal needs checking, in words for the character card ("busy background", …). */
  reason?: string;
  /** Share of the image marked as character, 0–1. */
  coverage: number;
}

export interface WandOptions {
  /** 0–100: how far in colour a pixel may be from the clicked one. */
  tolerance: number;
  /** true: only pixels connected to the clicked one; false: every similar pixel in the image. */
  contiguous: boolean;
}

export type RefineOperation =
  | { kind: "grow"; pixels: number }
  | { kind: "shrink"; pixels: number }
  /** Smooths the edge by `pixels`, then thresholds back to two values (exports stay two-valued). */
  | { kind: "feather"; pixels: number }
  | { kind: "remove-specks"; minPixels: number }
  | { kind: "fill-holes"; maxPixels?: number };

/** Which mask a character uses: none (Ideogram finds face and hair itself), a proposal, or painted by hand. */
export type MaskSource = "none" | "auto" | "painted";
