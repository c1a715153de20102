import { z } from "zod";

/**
 * Input and output of `fal-ai/ideogram/character`, as the seed document describes them.
 * Every other part of the app (form, proxy, offline engine) imports these; none restates them.
 */

export const RENDERING_SPEEDS = ["TURBO", "BALANCED", "QUALITY"] as const;
export const STYLES = ["AUTO", "REALISTIC", "FICTION"] as const;
export const COLOR_PALETTE_PRESETS = [
  "EMBER",
  "FRESH",
  "JUNGLE",
  "MAGIC",
  "MELON",
  "MOSAIC",
  "PASTEL",
  "ULTRAMARINE",
] as const;

export const IMAGE_SIZE_PRESETS = {
  square_hd: { width: 1024, height: 1024 },
  square: { width: 512, height: 512 },
  portrait_4_3: { width: 768, height: 1024 },
  portrait_16_9: { width: 576, height: 1024 },
  landscape_4_3: { width: 1024, height: 768 },
  landscape_16_9: { width: 1024, height: 576 },
} as const;
export type ImageSizePreset = keyof typeof IMAGE_SIZE_PRESETS;
export const IMAGE_SIZE_PRESET_NAMES = Object.keys(IMAGE_SIZE_PRESETS) as [ImageSizePreset, ...ImageSizePreset[]];

export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number];

export const LIMITS = {
  numImages: { min: 1, max: 8 },
  /** Custom sizes: the seed gives no range, so Castboard keeps to what Ideogram renders well. */
  customSide: { min: 256, max: 2048 },
  seed: { min: 0, max: 2_147_483_647 },
  promptChars: 10_000,
  /** Character references and their masks together; style references separately. */
  referenceTotalBytes: 10 * 1000 * 1000,
  styleReferenceTotalBytes: 10 * 1000 * 1000,
  referenceImages: 4,
  styleReferenceImages: 8,
  styleCodes: 16,
  paletteMembers: 16,
  urlChars: 2048,
} as const;

export const DEFAULTS = {
  rendering_speed: "BALANCED",
  style: "AUTO",
  expand_prompt: true,
  num_images: 1,
  sync_mode: false,
  image_size: "square_hd",
  negative_prompt: "",
  color_weight: 0.5,
} as const;

export const STYLE_CODE_PATTERN = /^[0-9a-fA-F]{8}$/;
const DATA_URI_PATTERN = /^data:(image\/(?:jpeg|png|webp));base64,([A-Za-z0-9+/]+={0,2})$/;

/** Bytes a data URI carries, or 0 for a remote URL (whose size only the fetcher can know). */
export function dataUriBytes(url: string): number {
  const match = DATA_URI_PATTERN.exec(url);
  if (!match?.[2]) return 0;
  const b64 = match[2];
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0);
}

const imageUrl = z
  .string()
  .max(LIMITS.urlChars * 4096, "Image is too large to send inline; upload it instead")
  .refine((url) => {
    if (url.startsWith("data:")) return DATA_URI_PATTERN.test(url);
    if (url.length > LIMITS.urlChars) return false;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:";
    } catch {
      return false;
    }
  }, "Must be an http(s) URL or a JPEG, PNG or WebP data URI");

const totalBytesWithin = (limit: number) => (urls: string[] | undefined) =>
  (urls ?? []).reduce((sum, url) => sum + dataUriBytes(url), 0) <= limit;

export const RgbColorSchema = z.strictObject({
  r: z.number().int().min(0).max(255).optional(),
  g: z.number().int().min(0).max(255).optional(),
  b: z.number().int().min(0).max(255).optional(),
});

export const ColorPaletteMemberSchema = z.strictObject({
  rgb: RgbColorSchema,
  color_weight: z.number().gt(0).max(1).optional(),
});

export const ColorPaletteSchema = z
  .strictObject({
    name: z.enum(COLOR_PALETTE_PRESETS).optional(),
    members: z.array(ColorPaletteMemberSchema).min(1).max(LIMITS.paletteMembers).optional(),
  })
  .refine((p) => (p.name === undefined) !== (p.members === undefined), {
    message: "A color palette is either a preset name or a list of members, not both",
  });

export const CustomImageSizeSchema = z.strictObject({
  width: z.number().int().min(LIMITS.customSide.min).max(LIMITS.customSide.max),
  height: z.number().int().min(LIMITS.customSide.min).max(LIMITS.customSide.max),
});

export const ImageSizeSchema = z.union([z.enum(IMAGE_SIZE_PRESET_NAMES), CustomImageSizeSchema]);

export const IdeogramCharacterInputSchema = z
  .strictObject({
    prompt: z
      .string()
      .max(LIMITS.promptChars, `Prompt is longer than ${LIMITS.promptChars.toLocaleString("en")} characters`)
      .refine((p) => p.trim().length > 0, "Prompt is empty: describe the scene"),
    reference_image_urls: z
      .array(imageUrl)
      .min(1, "A character reference image is required")
      .max(LIMITS.referenceImages),
    reference_mask_urls: z.array(imageUrl).max(LIMITS.referenceImages).optional(),
    image_urls: z.array(imageUrl).max(LIMITS.styleReferenceImages).optional(),
    rendering_speed: z.enum(RENDERING_SPEEDS).optional(),
    color_palette: ColorPaletteSchema.optional(),
    style_codes: z
      .array(z.string().regex(STYLE_CODE_PATTERN, "A style code is 8 hexadecimal characters"))
      .min(1)
      .max(LIMITS.styleCodes)
      .optional(),
    style: z.enum(STYLES).optional(),
    expand_prompt: z.boolean().optional(),
    num_images: z.number().int().min(LIMITS.numImages.min).max(LIMITS.numImages.max).optional(),
    seed: z.number().int().min(LIMITS.seed.min).max(LIMITS.seed.max).optional(),
    sync_mode: z.boolean().optional(),
    image_size: ImageSizeSchema.optional(),
    negative_prompt: z.string().max(LIMITS.promptChars).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.style_codes?.length) {
      if (input.style !== undefined) {
        ctx.addIssue({ code: "custom", path: ["style_codes"], message: "Style codes cannot be used together with a style" });
      }
      if (input.image_urls?.length) {
        ctx.addIssue({
          code: "custom",
          path: ["style_codes"],
          message: "Style codes cannot be used together with style reference images",
        });
      }
    }
    const references = [...input.reference_image_urls, ...(input.reference_mask_urls ?? [])];
    if (!totalBytesWithin(LIMITS.referenceTotalBytes)(references)) {
      ctx.addIssue({ code: "custom", path: ["reference_image_urls"], message: "Character references exceed 10 MB in total" });
    }
    if (!totalBytesWithin(LIMITS.styleReferenceTotalBytes)(input.image_urls)) {
      ctx.addIssue({ code: "custom", path: ["image_urls"], message: "Style references exceed 10 MB in total" });
    }
  });

export type IdeogramCharacterInput = z.infer<typeof IdeogramCharacterInputSchema>;
export type ColorPalette = z.infer<typeof ColorPaletteSchema>;
export type ImageSize = z.infer<typeof ImageSizeSchema>;
export type RenderingSpeed = (typeof RENDERING_SPEEDS)[number];
export type Style = (typeof STYLES)[number];

export const OutputImageSchema = z.object({
  url: z.string(),
  content_type: z.string().optional(),
  file_name: z.string().optional(),
  file_size: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
});

export const IdeogramCharacterOutputSchema = z.object({
  images: z.array(OutputImageSchema),
  seed: z.number().int(),
});
export type IdeogramCharacterOutput = z.infer<typeof IdeogramCharacterOutputSchema>;

/** The request body the storage client sends to initiate an upload. */
export const UploadInitiateSchema = z.strictObject({
  content_type: z.enum(ACCEPTED_IMAGE_TYPES, { message: "Only JPEG, PNG and WebP images can be uploaded" }),
  file_name: z.string().min(1).max(255),
});

export function resolveImageSize(size: ImageSize | undefined): { width: number; height: number } {
  const value = size ?? DEFAULTS.image_size;
  return typeof value === "string" ? IMAGE_SIZE_PRESETS[value] : value;
}

/** fal's 422 body: the shape `@fal-ai/client`'s ValidationError reads its field errors from. */
export interface FieldError {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    loc: ["body", ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
    msg: issue.message,
    type: issue.code,
  }));
}
