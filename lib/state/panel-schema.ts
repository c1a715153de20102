import * as z from "../zod";
import { COLOR_PALETTE_PRESETS, IMAGE_SIZE_PRESET_NAMES, LIMITS, RENDERING_SPEEDS, STYLES } from "../fal/schema";
import { DEFAULT_PANEL_ANIMATIC, PanelAnimaticSchema } from "./animatic-schema";
import { ImageRefSchema } from "./schema";

/** A panel's generation settings as the composer edits them; `lib/generation/request.ts` maps them to the endpoint. */
export const PaletteSettingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("preset"), name: z.enum(COLOR_PALETTE_PRESETS) }),
  z.object({
    kind: z.literal("custom"),
    members: z
      .array(z.object({ hex: z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/)), weight: z.number().check(z.gt(0), z.maximum(1)) }))
      .check(z.minLength(1), z.maxLength(LIMITS.paletteMembers)),
  }),
]);
export type PaletteSetting = z.infer<typeof PaletteSettingSchema>;

export const ImageSizeSettingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("preset"), preset: z.enum(IMAGE_SIZE_PRESET_NAMES) }),
  z.object({ kind: z.literal("custom"), width: z.int(), height: z.int() }),
]);

export const StyleModeSchema = z.enum(["style", "codes"]);

export const GenerationSettingsSchema = z.object({
  /** Either a style (AUTO, REALISTIC, FICTION) or style codes: the endpoint refuses both. */
  styleMode: StyleModeSchema,
  style: z.enum(STYLES),
  styleCodes: z.array(z.string()).check(z.maxLength(LIMITS.styleCodes)),
  styleReferences: z.array(ImageRefSchema).check(z.maxLength(LIMITS.styleReferenceImages)),
  renderingSpeed: z.enum(RENDERING_SPEEDS),
  imageSize: ImageSizeSettingSchema,
  numImages: z.int().check(z.minimum(LIMITS.numImages.min), z.maximum(LIMITS.numImages.max)),
  seedMode: z.enum(["random", "locked"]),
  seed: z.int().check(z.minimum(LIMITS.seed.min), z.maximum(LIMITS.seed.max)),
  expandPrompt: z.boolean(),
  palette: PaletteSettingSchema,
});
export type GenerationSettings = z.infer<typeof GenerationSettingsSchema>;

export const DEFAULT_GENERATION_SETTINGS: GenerationSettings = {
  styleMode: "style",
  style: "AUTO",
  styleCodes: [],
  styleReferences: [],
  renderingSpeed: "BALANCED",
  imageSize: { kind: "preset", preset: "landscape_16_9" },
  numImages: 1,
  seedMode: "random",
  seed: 0,
  expandPrompt: true,
  palette: { kind: "none" },
};

const cents = z.int().check(z.nonnegative());

export const GenerationModeSchema = z.enum(["draft", "fal"]);
export type GenerationMode = z.infer<typeof GenerationModeSchema>;

/** Where the image a fix or restage starts from came from. */
export const ImageSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("take"), takeId: z.string(), imageIndex: z.int().check(z.nonnegative()) }),
  z.object({ kind: z.literal("sketch") }),
  z.object({ kind: z.literal("upload"), fileName: z.string().check(z.maxLength(255)) }),
]);
export type ImageSource = z.infer<typeof ImageSourceSchema>;

/**
 * How a take was directed from an existing image. A fix repaints the region its mask marks
 * (black, at the image's exact size) through `…/character/edit`; a restage remixes the whole image
 * through `…/character/remix`, keeping `strength` of it. The image and mask are kept as blobs, so
 * the take can be rendered again (on fal after a draft) even when its source take is gone.
 */
export const DirectionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fix"), source: ImageSourceSchema, image: ImageRefSchema, mask: ImageRefSchema }),
  z.object({
    kind: z.literal("restage"),
    source: ImageSourceSchema,
    image: ImageRefSchema,
    strength: z.number().check(z.minimum(LIMITS.strength.min), z.maximum(LIMITS.strength.max)),
  }),
]);
export type Direction = z.infer<typeof DirectionSchema>;
export type TakeOrigin = "generate" | Direction["kind"];

/** What a generation was made from: enough to restore it, reuse it, or render it again on fal. */
export const ShotRecipeSchema = z.object({
  characterId: z.nullable(z.string()),
  prompt: z.string(),
  negativePrompt: z.string(),
  settings: GenerationSettingsSchema,
  /** Absent for a shot generated from the prompt alone. */
  direction: z.optional(DirectionSchema),
});
export type ShotRecipe = z.infer<typeof ShotRecipeSchema>;

export function recipeOrigin(recipe: ShotRecipe): TakeOrigin {
  return recipe.direction?.kind ?? "generate";
}

export const TakeSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  mode: GenerationModeSchema,
  createdAt: z.number(),
  recipe: ShotRecipeSchema,
  /** The seed the endpoint used (reported back even when the recipe asked for a random one). */
  seed: z.int(),
  costCents: cents,
  images: z.array(ImageRefSchema).check(z.minLength(1)),
  thumbnails: z.array(ImageRefSchema),
});
export type Take = z.infer<typeof TakeSchema>;

export const PendingStatusSchema = z.enum(["uploading", "submitting", "IN_QUEUE", "IN_PROGRESS", "downloading"]);

/** A generation in flight. Persisted with its request id at submit, so a reload resumes it. */
export const PendingSchema = z.object({
  requestId: z.nullable(z.string()),
  mode: GenerationModeSchema,
  recipe: ShotRecipeSchema,
  costCents: cents,
  status: PendingStatusSchema,
  queuePosition: z.nullable(z.int()),
  logs: z.array(z.string()),
  submittedAt: z.number(),
  startedAt: z.nullable(z.number()),
});
export type Pending = z.infer<typeof PendingSchema>;

export const PanelErrorKindSchema = z.enum(["validation", "auth", "budget", "rate_limit", "upstream", "network", "cancelled", "other"]);
export const PanelErrorSchema = z.object({
  kind: PanelErrorKindSchema,
  message: z.string(),
  /** Field errors from a 422, keyed by composer field. */
  fields: z.record(z.string(), z.string()),
  /**
   * A request fal accepted before the failure (a status poll or the download failed): Retry
   * follows it again instead of paying for a new one.
   */
  resume: z.optional(z.nullable(PendingSchema)),
});
export type PanelError = z.infer<typeof PanelErrorSchema>;

/** Shot language a storyboard artist writes under a frame. */
export const SHOT_SIZES = {
  "extreme-wide": "Extreme wide",
  wide: "Wide",
  full: "Full",
  "medium-wide": "Medium wide",
  medium: "Medium",
  "medium-close-up": "Medium close-up",
  "close-up": "Close-up",
  "extreme-close-up": "Extreme close-up",
  insert: "Insert",
} as const;
export const CAMERA_ANGLES = {
  "eye-level": "Eye level",
  high: "High angle",
  low: "Low angle",
  overhead: "Overhead",
  "birds-eye": "Bird's-eye",
  "worms-eye": "Worm's-eye",
  dutch: "Dutch tilt",
  "over-the-shoulder": "Over the shoulder",
  pov: "Point of view",
} as const;
export type ShotSize = keyof typeof SHOT_SIZES;
export type CameraAngle = keyof typeof CAMERA_ANGLES;

export const SHOT_LIMITS = {
  caption: 2000,
  notes: 4000,
  line: 500,
  lines: 12,
  duration: { min: 0.5, max: 120, step: 0.5, default: 3 },
} as const;

const fraction = z.number().check(z.minimum(0), z.maximum(1));

/** A line of dialogue: an editable balloon over the image, never baked into its pixels. */
export const DialogueLineSchema = z.object({
  id: z.string(),
  /** A cast member's id, or null for a voice that is not in the cast (narrator, off-screen). */
  speakerId: z.nullable(z.string()),
  text: z.string().check(z.maxLength(SHOT_LIMITS.line)),
  /** The balloon's centre as a fraction of the frame, so it stays put at any size. */
  x: fraction,
  y: fraction,
});
export type DialogueLine = z.infer<typeof DialogueLineSchema>;

export const ShotDetailsSchema = z.object({
  size: z.nullable(z.enum(Object.keys(SHOT_SIZES) as [ShotSize, ...ShotSize[]])),
  angle: z.nullable(z.enum(Object.keys(CAMERA_ANGLES) as [CameraAngle, ...CameraAngle[]])),
  caption: z.string().check(z.maxLength(SHOT_LIMITS.caption)),
  notes: z.string().check(z.maxLength(SHOT_LIMITS.notes)),
  durationSec: z.number().check(z.minimum(SHOT_LIMITS.duration.min), z.maximum(SHOT_LIMITS.duration.max)),
  dialogue: z.array(DialogueLineSchema).check(z.maxLength(SHOT_LIMITS.lines)),
});
export type ShotDetails = z.infer<typeof ShotDetailsSchema>;

export const DEFAULT_SHOT: ShotDetails = { size: null, angle: null, caption: "", notes: "", durationSec: SHOT_LIMITS.duration.default, dialogue: [] };

/**
 * A rough drawing that blocks the shot: a PNG at the panel's image size, drawn in greys on white.
 * It shows on the board until an image is chosen, or instead of one when `preferred`.
 */
export const SketchSchema = z.object({
  image: ImageRefSchema,
  updatedAt: z.number(),
  preferred: z.boolean(),
});
export type Sketch = z.infer<typeof SketchSchema>;

export const PanelSchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  recipe: ShotRecipeSchema,
  // Panels saved before shot details existed load with empty ones.
  shot: z._default(ShotDetailsSchema, DEFAULT_SHOT),
  takes: z.array(TakeSchema),
  sketch: z._default(z.nullable(SketchSchema), null),
  animatic: z._default(PanelAnimaticSchema, DEFAULT_PANEL_ANIMATIC),
  chosen: z.nullable(z.object({ takeId: z.string(), imageIndex: z.int().check(z.nonnegative()) })),
  pending: z.nullable(PendingSchema),
  error: z.nullable(PanelErrorSchema),
});
export type Panel = z.infer<typeof PanelSchema>;

