import type { EndpointKind } from "../fal/endpoint";
import { costCents } from "../fal/pricing";
import {
  INPUT_SCHEMAS,
  LIMITS,
  sameSizeMessage,
  type IdeogramCharacterInput,
  type IdeogramEditInput,
  type IdeogramRemixInput,
} from "../fal/schema";
import { formatBytes } from "../format-bytes";
import { recipeOrigin, type Direction, type ShotRecipe } from "../state/panel-schema";

/**
 * From a panel's recipe to the endpoint's input: the one mapping, used for the request, for
 * checking the form before anything is spent, and for the cost on the Generate button.
 */
export type ComposerField =
  | "character"
  | "prompt"
  | "negativePrompt"
  | "style"
  | "styleCodes"
  | "styleReferences"
  | "renderingSpeed"
  | "imageSize"
  | "numImages"
  | "seed"
  | "expandPrompt"
  | "palette"
  /** Fix and restage: the image they start from, the region to repaint, how much of the image to keep. */
  | "source"
  | "region"
  | "strength"
  | "form";

const FIELD_BY_INPUT_KEY: Record<string, ComposerField> = {
  prompt: "prompt",
  negative_prompt: "negativePrompt",
  reference_image_urls: "character",
  reference_mask_urls: "character",
  image_urls: "styleReferences",
  style_codes: "styleCodes",
  style: "style",
  rendering_speed: "renderingSpeed",
  image_size: "imageSize",
  num_images: "numImages",
  seed: "seed",
  expand_prompt: "expandPrompt",
  color_palette: "palette",
  image_url: "source",
  mask_url: "region",
  strength: "strength",
};

/** The composer field an endpoint field error belongs to, from its `loc` (e.g. ["body", "num_images"]). */
export function fieldForLoc(loc: readonly (string | number)[]): ComposerField {
  const key = loc.find((part) => typeof part === "string" && part !== "body");
  return (typeof key === "string" && FIELD_BY_INPUT_KEY[key]) || "form";
}

export interface UploadedUrls {
  reference: string;
  mask?: string;
  styleReferences: string[];
  /** A fix's or restage's starting image, and a fix's region mask (black = repaint). */
  source?: string;
  region?: string;
}

function hexToRgb(hex: string) {
  const value = parseInt(hex.slice(1), 16);
  return { r: (value >> 16) & 255, g: (value >> 8) & 255, b: value & 255 };
}

export function buildInput(recipe: ShotRecipe, urls: UploadedUrls): IdeogramCharacterInput {
  const { settings } = recipe;
  const input: IdeogramCharacterInput = {
    prompt: recipe.prompt,
    reference_image_urls: [urls.reference],
    rendering_speed: settings.renderingSpeed,
    num_images: settings.numImages,
    expand_prompt: settings.expandPrompt,
    image_size:
      settings.imageSize.kind === "preset" ? settings.imageSize.preset : { width: settings.imageSize.width, height: settings.imageSize.height },
  };
  if (urls.mask) input.reference_mask_urls = [urls.mask];
  if (recipe.negativePrompt.trim()) input.negative_prompt = recipe.negativePrompt;
  if (settings.styleMode === "codes") {
    input.style_codes = settings.styleCodes;
  } else {
    input.style = settings.style;
    if (urls.styleReferences.length > 0) input.image_urls = urls.styleReferences;
  }
  if (settings.seedMode === "locked") input.seed = settings.seed;
  if (settings.palette.kind === "preset") input.color_palette = { name: settings.palette.name };
  if (settings.palette.kind === "custom") {
    input.color_palette = { members: settings.palette.members.map((m) => ({ rgb: hexToRgb(m.hex), color_weight: m.weight })) };
  }
  return input;
}

/** The endpoint a recipe is made with: a fix repaints through edit, a restage remixes. */
export function endpointFor(recipe: ShotRecipe): EndpointKind {
  const origin = recipeOrigin(recipe);
  return origin === "fix" ? "edit" : origin === "restage" ? "remix" : "character";
}

export type EndpointRequest =
  | { endpoint: "character"; input: IdeogramCharacterInput }
  | { endpoint: "edit"; input: IdeogramEditInput }
  | { endpoint: "remix"; input: IdeogramRemixInput };

/**
 * Any recipe to its endpoint and input. Edit takes everything the character endpoint does but a
 * style, an output size and a negative prompt (it keeps the image's own); remix takes them all,
 * plus how much of the image to keep.
 */
export function buildRequest(recipe: ShotRecipe, urls: UploadedUrls): EndpointRequest {
  const input = buildInput(recipe, urls);
  const direction = recipe.direction;
  if (!direction) return { endpoint: "character", input };
  if (!urls.source) throw new Error("The image to start from was not uploaded");
  if (direction.kind === "restage") return { endpoint: "remix", input: { ...input, image_url: urls.source, strength: direction.strength } };
  if (!urls.region) throw new Error("The region to fix was not uploaded");
  const edit: IdeogramEditInput & Partial<Pick<IdeogramCharacterInput, "style" | "image_size" | "negative_prompt">> = {
    ...input,
    image_url: urls.source,
    mask_url: urls.region,
  };
  delete edit.style;
  delete edit.image_size;
  delete edit.negative_prompt;
  return { endpoint: "edit", input: edit };
}

/** Sides of an image to fix or restage: Ideogram renders up to about 2 K; larger is scaled down first. */
export const SOURCE_SIDE = { min: LIMITS.customSide.min, max: 4096 } as const;

const VERB = { fix: "Fixing a region", restage: "Restaging" } as const;

/** What the direction's own images allow, by field; the endpoint schema checks the rest. */
function directionErrors(direction: Direction, regionEmpty: boolean): Partial<Record<ComposerField, string>> {
  const errors: Partial<Record<ComposerField, string>> = {};
  const { image } = direction;
  const size = `${image.width} × ${image.height} px`;
  if (image.bytes > LIMITS.sourceImageBytes) {
    errors.source = `The image is ${formatBytes(image.bytes)}; ${VERB[direction.kind].toLowerCase()} sends images up to ${formatBytes(LIMITS.sourceImageBytes)}. Save it as a smaller JPEG and upload that instead.`;
  } else if (Math.min(image.width, image.height) < SOURCE_SIDE.min) {
    errors.source = `The image is ${size}; ${VERB[direction.kind].toLowerCase()} needs at least ${SOURCE_SIDE.min} px on each side. Use a larger image.`;
  } else if (Math.max(image.width, image.height) > SOURCE_SIDE.max) {
    errors.source = `The image is ${size}; ${VERB[direction.kind].toLowerCase()} takes at most ${SOURCE_SIDE.max} px on a side. Scale it down and upload that instead.`;
  }
  if (direction.kind === "fix") {
    const { mask } = direction;
    if (regionEmpty) errors.region = "Paint the region to fix first";
    else if (mask.width !== image.width || mask.height !== image.height) {
      errors.region = `${sameSizeMessage(image, mask)}. Paint the region again.`;
    }
  }
  return errors;
}

const PLACEHOLDER = "https://placeholder.invalid/image.png";

/**
 * Checks a recipe with its endpoint's own schema before anything is uploaded or spent.
 * Returns messages by composer field; empty when the request would be accepted. `regionEmpty`
 * comes from the painter, since a fix's mask is only known to be blank while it is being painted.
 */
export function validateRecipe(recipe: ShotRecipe, hasCharacter: boolean, options: { regionEmpty?: boolean } = {}): Partial<Record<ComposerField, string>> {
  const errors: Partial<Record<ComposerField, string>> = {};
  if (!hasCharacter) errors.character = "Pick a character from the cast";
  if (recipe.direction) Object.assign(errors, directionErrors(recipe.direction, options.regionEmpty ?? false));
  if (recipe.settings.styleMode === "codes" && recipe.settings.styleCodes.length === 0) {
    errors.styleCodes = "Add at least one style code, or switch back to a style";
  }
  const { endpoint, input } = buildRequest(recipe, {
    reference: PLACEHOLDER,
    styleReferences: recipe.settings.styleReferences.map(() => PLACEHOLDER),
    source: PLACEHOLDER,
    region: PLACEHOLDER,
  });
  const parsed = INPUT_SCHEMAS[endpoint].safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldForLoc(issue.path.filter((p): p is string | number => typeof p !== "symbol"));
      errors[field] ??= issue.message;
    }
  }
  if (errors.prompt && recipe.direction?.kind === "fix" && !recipe.prompt.trim()) errors.prompt = "Prompt is empty: say what the region should become";
  const referenceBytes = recipe.settings.styleReferences.reduce((sum, r) => sum + r.bytes, 0);
  if (referenceBytes > LIMITS.styleReferenceTotalBytes) errors.styleReferences = `Style references exceed ${formatBytes(LIMITS.styleReferenceTotalBytes)} in total`;
  return errors;
}

export function recipeCostCents(recipe: ShotRecipe): number {
  return costCents({ num_images: recipe.settings.numImages, rendering_speed: recipe.settings.renderingSpeed }, endpointFor(recipe));
}
