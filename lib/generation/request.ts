import { costCents } from "../fal/pricing";
import { IdeogramCharacterInputSchema, LIMITS, type IdeogramCharacterInput } from "../fal/schema";
import { formatBytes } from "../format-bytes";
import type { ShotRecipe } from "../state/panel-schema";

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

const PLACEHOLDER = "https://placeholder.invalid/image.png";

/**
 * Checks a recipe with the endpoint's own schema before anything is uploaded or spent.
 * Returns messages by composer field; empty when the request would be accepted.
 */
export function validateRecipe(recipe: ShotRecipe, hasCharacter: boolean): Partial<Record<ComposerField, string>> {
  const errors: Partial<Record<ComposerField, string>> = {};
  if (!hasCharacter) errors.character = "Pick a character from the cast";
  if (recipe.settings.styleMode === "codes" && recipe.settings.styleCodes.length === 0) {
    errors.styleCodes = "Add at least one style code, or switch back to a style";
  }
  const input = buildInput(recipe, {
    reference: PLACEHOLDER,
    styleReferences: recipe.settings.styleReferences.map(() => PLACEHOLDER),
  });
  const parsed = IdeogramCharacterInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldForLoc(issue.path.filter((p): p is string | number => typeof p !== "symbol"));
      errors[field] ??= issue.message;
    }
  }
  const referenceBytes = recipe.settings.styleReferences.reduce((sum, r) => sum + r.bytes, 0);
  if (referenceBytes > LIMITS.styleReferenceTotalBytes) errors.styleReferences = `Style references exceed ${formatBytes(LIMITS.styleReferenceTotalBytes)} in total`;
  return errors;
}

export function recipeCostCents(recipe: ShotRecipe): number {
  return costCents({ num_images: recipe.settings.numImages, rendering_speed: recipe.settings.renderingSpeed });
}
