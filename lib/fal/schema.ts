import * as z from "../zod";
import { readImageHeader } from "../images/dimensions";
import type { EndpointKind } from "./endpoint";

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
  /** The image edit and remix start from. fal publishes no limit; Castboard keeps to the references' 10 MB. */
  sourceImageBytes: 10 * 1000 * 1000,
  strength: { min: 0.01, max: 1 },
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
  strength: 0.8,
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

const imageUrl = z.string().check(
  z.maxLength(LIMITS.urlChars * 4096, "Image is too large to send inline; upload it instead"),
  z.refine((url) => {
    if (url.startsWith("data:")) return DATA_URI_PATTERN.test(url);
    if (url.length > LIMITS.urlChars) return false;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:";
    } catch {
      return false;
    }
  }, "Must be an http(s) URL or a JPEG, PNG or WebP data URI"),
);

const totalBytesWithin = (limit: number) => (urls: string[] | undefined) =>
  (urls ?? []).reduce((sum, url) => sum + dataUriBytes(url), 0) <= limit;

const intBetween = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
const channel = z.optional(intBetween(0, 255));

export const RgbColorSchema = z.strictObject({ r: channel, g: channel, b: channel });

export const ColorPaletteMemberSchema = z.strictObject({
  rgb: RgbColorSchema,
  color_weight: z.optional(z.number().check(z.gt(0), z.maximum(1))),
});

export const ColorPaletteSchema = z
  .strictObject({
    name: z.optional(z.enum(COLOR_PALETTE_PRESETS)),
    members: z.optional(z.array(ColorPaletteMemberSchema).check(z.minLength(1), z.maxLength(LIMITS.paletteMembers))),
  })
  .check(
    z.refine((p) => (p.name === undefined) !== (p.members === undefined), {
      message: "A color palette is either a preset name or a list of members, not both",
    }),
  );

const customSide = intBetween(LIMITS.customSide.min, LIMITS.customSide.max);
export const CustomImageSizeSchema = z.strictObject({ width: customSide, height: customSide });

export const ImageSizeSchema = z.union([z.enum(IMAGE_SIZE_PRESET_NAMES), CustomImageSizeSchema]);

const promptSchema = z.string().check(
  z.maxLength(LIMITS.promptChars, `Prompt is longer than ${LIMITS.promptChars.toLocaleString("en")} characters`),
  z.refine((p) => p.trim().length > 0, "Prompt is empty: describe the scene"),
);

/** Fields all three endpoints take: the character, style references, speed, palette, codes, count, seed. */
const commonFields = {
  prompt: promptSchema,
  reference_image_urls: z
    .array(imageUrl)
    .check(z.minLength(1, "A character reference image is required"), z.maxLength(LIMITS.referenceImages)),
  reference_mask_urls: z.optional(z.array(imageUrl).check(z.maxLength(LIMITS.referenceImages))),
  image_urls: z.optional(z.array(imageUrl).check(z.maxLength(LIMITS.styleReferenceImages))),
  rendering_speed: z.optional(z.enum(RENDERING_SPEEDS)),
  color_palette: z.optional(ColorPaletteSchema),
  style_codes: z.optional(
    z
      .array(z.string().check(z.regex(STYLE_CODE_PATTERN, "A style code is 8 hexadecimal characters")))
      .check(z.minLength(1), z.maxLength(LIMITS.styleCodes)),
  ),
  expand_prompt: z.optional(z.boolean()),
  num_images: z.optional(intBetween(LIMITS.numImages.min, LIMITS.numImages.max)),
  seed: z.optional(intBetween(LIMITS.seed.min, LIMITS.seed.max)),
  sync_mode: z.optional(z.boolean()),
};

/** What the character endpoint and remix add: a style, an output size and a negative prompt. */
const framingFields = {
  style: z.optional(z.enum(STYLES)),
  image_size: z.optional(ImageSizeSchema),
  negative_prompt: z.optional(z.string().check(z.maxLength(LIMITS.promptChars))),
};

/** The source image of edit and remix: inline ones are checked for size here, remote ones where they are fetched. */
const sourceImageUrl = imageUrl.check(
  z.refine((url) => dataUriBytes(url) <= LIMITS.sourceImageBytes, `The source image is larger than ${LIMITS.sourceImageBytes / 1_000_000} MB`),
);

interface CommonInput {
  reference_image_urls: string[];
  reference_mask_urls?: string[];
  image_urls?: string[];
  style_codes?: string[];
  style?: Style;
}

function checkCommon(input: CommonInput, ctx: z.core.$RefinementCtx<unknown>) {
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
}

export const IdeogramCharacterInputSchema = z
  .strictObject({ ...commonFields, ...framingFields })
  .check(z.superRefine((input, ctx) => checkCommon(input, ctx)));

/** Pixel size of an inline image from its header, or null for a remote URL or unreadable bytes. */
export function dataUriImageSize(url: string): { width: number; height: number } | null {
  if (!DATA_URI_PATTERN.test(url)) return null;
  const base64 = url.slice(url.indexOf(",") + 1, url.indexOf(",") + 1 + 96 * 1024);
  const binary = atob(base64.slice(0, base64.length - (base64.length % 4)));
  const header = readImageHeader(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  return header ? { width: header.width, height: header.height } : null;
}

export const SAME_SIZE_MESSAGE = "The image and the mask must have exactly the same width and height";
type PixelSize = { width: number; height: number };
/** The same-size refusal with both sizes, as the schema and the engine (for uploaded images) word it. */
export const sameSizeMessage = (image: PixelSize, mask: PixelSize) =>
  `${SAME_SIZE_MESSAGE}: the image is ${image.width} × ${image.height} px, the mask ${mask.width} × ${mask.height} px`;

/**
 * `fal-ai/ideogram/character/edit`: repaints the region the mask marks black, with the character.
 * The image and mask must be the same size; checked here when both are inline, else where they are read.
 */
export const IdeogramEditInputSchema = z
  .strictObject({ ...commonFields, image_url: sourceImageUrl, mask_url: imageUrl })
  .check(
    z.superRefine((input, ctx) => {
      checkCommon(input, ctx);
      const image = dataUriImageSize(input.image_url);
      const mask = dataUriImageSize(input.mask_url);
      if (image && mask && (image.width !== mask.width || image.height !== mask.height)) {
        ctx.addIssue({ code: "custom", path: ["mask_url"], message: sameSizeMessage(image, mask) });
      }
    }),
  );

/** `fal-ai/ideogram/character/remix`: a new image from an input image, keeping `strength` of it. */
export const IdeogramRemixInputSchema = z
  .strictObject({
    ...commonFields,
    ...framingFields,
    image_url: sourceImageUrl,
    strength: z.optional(z.number().check(z.minimum(LIMITS.strength.min), z.maximum(LIMITS.strength.max))),
  })
  .check(z.superRefine((input, ctx) => checkCommon(input, ctx)));

export const INPUT_SCHEMAS = {
  character: IdeogramCharacterInputSchema,
  edit: IdeogramEditInputSchema,
  remix: IdeogramRemixInputSchema,
} as const satisfies Record<EndpointKind, unknown>;

export type IdeogramEditInput = z.infer<typeof IdeogramEditInputSchema>;
export type IdeogramRemixInput = z.infer<typeof IdeogramRemixInputSchema>;
/** The input of any of the three endpoints. */
export type EndpointInput = IdeogramCharacterInput | IdeogramEditInput | IdeogramRemixInput;
export type IdeogramCharacterInput = z.infer<typeof IdeogramCharacterInputSchema>;
export type ColorPalette = z.infer<typeof ColorPaletteSchema>;
export type ImageSize = z.infer<typeof ImageSizeSchema>;
export type RenderingSpeed = (typeof RENDERING_SPEEDS)[number];
export type Style = (typeof STYLES)[number];

export const OutputImageSchema = z.object({
  url: z.string(),
  content_type: z.optional(z.string()),
  file_name: z.optional(z.string()),
  file_size: z.optional(z.number()),
  width: z.optional(z.number()),
  height: z.optional(z.number()),
});

export const IdeogramCharacterOutputSchema = z.object({
  images: z.array(OutputImageSchema),
  seed: z.int(),
});
export type IdeogramCharacterOutput = z.infer<typeof IdeogramCharacterOutputSchema>;

/** The request body the storage client sends to initiate an upload. */
export const UploadInitiateSchema = z.strictObject({
  content_type: z.enum(ACCEPTED_IMAGE_TYPES, { message: "Only JPEG, PNG and WebP images can be uploaded" }),
  file_name: z.string().check(z.minLength(1), z.maxLength(255)),
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

export function toFieldErrors(error: z.core.$ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    loc: ["body", ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
    msg: issue.message,
    type: issue.code,
  }));
}
