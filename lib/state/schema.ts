import * as z from "../zod";
import { ACCEPTED_IMAGE_TYPES } from "../fal/schema";
import type { MaskSource } from "../mask/auto/types";

/** The persisted shapes, validated when loaded so a broken record is reported, not fatal. */
export const ImageRefSchema = z.object({
  blobId: z.string().check(z.minLength(1)),
  type: z.enum(ACCEPTED_IMAGE_TYPES),
  width: z.int().check(z.positive()),
  height: z.int().check(z.positive()),
  bytes: z.int().check(z.nonnegative()),
});
export type ImageRef = z.infer<typeof ImageRefSchema>;

export const CHARACTER_NAME_MAX = 80;
export const CHARACTER_NOTES_MAX = 2000;

export const CharacterSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.maxLength(CHARACTER_NAME_MAX)),
  notes: z.string().check(z.maxLength(CHARACTER_NOTES_MAX)),
  reference: ImageRefSchema,
  thumbnail: ImageRefSchema,
  /** Grayscale PNG in the canonical polarity of `lib/mask/polarity.ts`; null until painted. */
  mask: z.nullable(ImageRefSchema),
  /** Where the mask came from; absent in records saved before automatic masks (see maskSourceOf). */
  maskSource: z.optional(z.enum(["none", "auto", "painted"])),
  /** Why an automatic mask needs checking ("busy background"), only while it is the automatic one. */
  maskCheck: z.optional(z.string().check(z.maxLength(200))),
  createdAt: z.number(),
});
export type Character = z.infer<typeof CharacterSchema>;

/** Records from before automatic masks only had painted masks, or none. */
export function maskSourceOf(character: Pick<Character, "mask" | "maskSource">): MaskSource {
  if (!character.mask) return "none";
  return character.maskSource === "auto" ? "auto" : "painted";
}

export const MAX_LONG_EDGE_CHOICES = [1024, 1536, 2048, 3072, 4096] as const;

export const SettingsSchema = z.object({
  maxLongEdge: z.int().check(z.minimum(512), z.maximum(4096)),
  invertMaskPolarity: z.boolean(),
  /** How many generations of a batch run at once. */
  batchConcurrency: z.int().check(z.minimum(1), z.maximum(8)),
  boardLayout: z.enum(["grid", "strip"]),
  /** Panels per row in the grid (fewer when the screen is narrow). */
  boardColumns: z.int().check(z.minimum(1), z.maximum(8)),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { maxLongEdge: 2048, invertMaskPolarity: false, batchConcurrency: 4, boardLayout: "grid", boardColumns: 4 };
