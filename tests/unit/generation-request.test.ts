import { describe, expect, it } from "vitest";
import { IdeogramCharacterInputSchema } from "@/lib/fal/schema";
import { buildInput, fieldForLoc, recipeCostCents, validateRecipe } from "@/lib/generation/request";
import { DEFAULT_GENERATION_SETTINGS, type GenerationSettings, type ShotRecipe } from "@/lib/state/panel-schema";

const urls = { reference: "https://files.test/ref.png", mask: "https://files.test/mask.png", styleReferences: [] };
const recipe = (settings: Partial<GenerationSettings> = {}, extra: Partial<ShotRecipe> = {}): ShotRecipe => ({
  characterId: "c1",
  prompt: "Ferris reads a map",
  negativePrompt: "",
  settings: { ...DEFAULT_GENERATION_SETTINGS, ...settings },
  ...extra,
});

describe("panel settings to the endpoint's input", () => {
  it("maps the defaults to a minimal valid request with the character's reference and mask", () => {
    const input = buildInput(recipe(), urls);
    expect(input).toEqual({
      prompt: "Ferris reads a map",
      reference_image_urls: [urls.reference],
      reference_mask_urls: [urls.mask],
      rendering_speed: "BALANCED",
      num_images: 1,
      expand_prompt: true,
      image_size: "landscape_16_9",
      style: "AUTO",
    });
    expect(IdeogramCharacterInputSchema.safeParse(input).success).toBe(true);
  });

  it("maps every other field", () => {
    const input = buildInput(
      recipe(
        {
          style: "FICTION",
          renderingSpeed: "QUALITY",
          imageSize: { kind: "custom", width: 1280, height: 720 },
          numImages: 4,
          seedMode: "locked",
          seed: 1234,
          expandPrompt: false,
          palette: { kind: "custom", members: [{ hex: "#ff8000", weight: 0.7 }, { hex: "#0000ff", weight: 0.5 }] },
        },
        { negativePrompt: "blurry" },
      ),
      { ...urls, mask: undefined, styleReferences: ["https://files.test/style.png"] },
    );
    expect(input).toMatchObject({
      style: "FICTION",
      rendering_speed: "QUALITY",
      image_size: { width: 1280, height: 720 },
      num_images: 4,
      seed: 1234,
      expand_prompt: false,
      negative_prompt: "blurry",
      image_urls: ["https://files.test/style.png"],
      color_palette: { members: [{ rgb: { r: 255, g: 128, b: 0 }, color_weight: 0.7 }, { rgb: { r: 0, g: 0, b: 255 }, color_weight: 0.5 }] },
    });
    expect(input.reference_mask_urls).toBeUndefined();
    expect(buildInput(recipe({ palette: { kind: "preset", name: "PASTEL" } }), urls).color_palette).toEqual({ name: "PASTEL" });
    expect(IdeogramCharacterInputSchema.safeParse(input).success).toBe(true);
  });

  it("leaves the seed to the endpoint when it is random", () => {
    expect(buildInput(recipe({ seedMode: "random", seed: 99 }), urls).seed).toBeUndefined();
  });

  it("never combines style codes with a style or style references", () => {
    const input = buildInput(recipe({ styleMode: "codes", styleCodes: ["0A1B2C3D"], style: "REALISTIC" }), {
      ...urls,
      styleReferences: ["https://files.test/style.png"],
    });
    expect(input.style_codes).toEqual(["0A1B2C3D"]);
    expect(input.style).toBeUndefined();
    expect(input.image_urls).toBeUndefined();
    expect(IdeogramCharacterInputSchema.safeParse(input).success).toBe(true);
  });

  it("validates a recipe with the endpoint's schema, by composer field", () => {
    expect(validateRecipe(recipe(), true)).toEqual({});
    expect(validateRecipe(recipe({}, { prompt: "  " }), true)).toEqual({ prompt: "Prompt is empty: describe the scene" });
    expect(Object.keys(validateRecipe(recipe(), false))).toEqual(["character"]);
    expect(Object.keys(validateRecipe(recipe({ styleMode: "codes", styleCodes: ["nothex!!"] }), true))).toEqual(["styleCodes"]);
    expect(Object.keys(validateRecipe(recipe({ styleMode: "codes", styleCodes: [] }), true))).toEqual(["styleCodes"]);
    expect(Object.keys(validateRecipe(recipe({ imageSize: { kind: "custom", width: 100, height: 720 } }), true))).toEqual(["imageSize"]);
    expect(Object.keys(validateRecipe(recipe({}, { prompt: "x".repeat(10_001) }), true))).toEqual(["prompt"]);
  });

  it("maps server field errors back to composer fields", () => {
    expect(fieldForLoc(["body", "num_images"])).toBe("numImages");
    expect(fieldForLoc(["body", "style_codes", 0])).toBe("styleCodes");
    expect(fieldForLoc(["body", "color_palette", "members", 0, "rgb", "r"])).toBe("palette");
    expect(fieldForLoc(["body"])).toBe("form");
  });

  it("costs images times the price of the speed", () => {
    expect(recipeCostCents(recipe())).toBe(15);
    expect(recipeCostCents(recipe({ numImages: 8, renderingSpeed: "QUALITY" }))).toBe(160);
    expect(recipeCostCents(recipe({ numImages: 3, renderingSpeed: "TURBO" }))).toBe(30);
  });
});
