import { afterEach, describe, expect, it } from "vitest";
import { ENDPOINT_IDS } from "@/lib/fal/endpoint";
import { PRICE_CENTS_PER_IMAGE } from "@/lib/fal/pricing";
import { IdeogramEditInputSchema, IdeogramRemixInputSchema, LIMITS, SAME_SIZE_MESSAGE } from "@/lib/fal/schema";
import { buildRequest, endpointFor, recipeCostCents, validateRecipe } from "@/lib/generation/request";
import { DEFAULT_GENERATION_SETTINGS, type Direction, type GenerationSettings, type ShotRecipe } from "@/lib/state/panel-schema";
import type { ImageRef } from "@/lib/state/schema";

const image = (width = 1024, height = 576, bytes = 200_000): ImageRef => ({ blobId: "img", type: "image/png", width, height, bytes });
const fix = (change: Partial<Extract<Direction, { kind: "fix" }>> = {}): Direction => ({
  kind: "fix",
  source: { kind: "take", takeId: "t1", imageIndex: 0 },
  image: image(),
  mask: { ...image(), blobId: "mask" },
  ...change,
});
const restage = (strength = 0.8, start: ImageRef = image()): Direction => ({ kind: "restage", source: { kind: "upload", fileName: "layout.png" }, image: start, strength });
const recipe = (direction?: Direction, settings: Partial<GenerationSettings> = {}, extra: Partial<ShotRecipe> = {}): ShotRecipe => ({
  characterId: "c1",
  prompt: "Ferris holds a red umbrella",
  negativePrompt: "blurry",
  settings: { ...DEFAULT_GENERATION_SETTINGS, style: "FICTION", ...settings },
  ...(direction ? { direction } : {}),
  ...extra,
});
const urls = {
  reference: "https://files.test/ref.png",
  mask: "https://files.test/ref-mask.png",
  styleReferences: [],
  source: "https://files.test/take.png",
  region: "https://files.test/region.png",
};

describe("a fix: the edit endpoint's input", () => {
  it("sends the image, the region, the character's reference and mask, and never a style, a size or a negative prompt", () => {
    const request = buildRequest(recipe(fix(), { renderingSpeed: "QUALITY", numImages: 2, seedMode: "locked", seed: 7, palette: { kind: "preset", name: "EMBER" } }), urls);
    expect(request.endpoint).toBe("edit");
    expect(request.input).toEqual({
      prompt: "Ferris holds a red umbrella",
      image_url: urls.source,
      mask_url: urls.region,
      reference_image_urls: [urls.reference],
      reference_mask_urls: [urls.mask],
      rendering_speed: "QUALITY",
      num_images: 2,
      seed: 7,
      expand_prompt: true,
      color_palette: { name: "EMBER" },
    });
    for (const key of ["style", "image_size", "negative_prompt", "strength"]) expect(request.input).not.toHaveProperty(key);
    expect(IdeogramEditInputSchema.safeParse(request.input).success).toBe(true);
  });

  it("keeps style references or style codes, which edit accepts", () => {
    const withRefs = buildRequest(recipe(fix()), { ...urls, styleReferences: ["https://files.test/style.png"] });
    expect(withRefs.input).toMatchObject({ image_urls: ["https://files.test/style.png"] });
    const withCodes = buildRequest(recipe(fix(), { styleMode: "codes", styleCodes: ["0A1B2C3D"] }), urls);
    expect(withCodes.input).toMatchObject({ style_codes: ["0A1B2C3D"] });
    expect(IdeogramEditInputSchema.safeParse(withCodes.input).success).toBe(true);
  });

  it("refuses to build without the uploaded image or region", () => {
    expect(() => buildRequest(recipe(fix()), { ...urls, region: undefined })).toThrow(/region/);
    expect(() => buildRequest(recipe(fix()), { ...urls, source: undefined })).toThrow(/image/);
  });
});

describe("a restage: the remix endpoint's input", () => {
  it("adds the image and its strength to everything a new shot sends", () => {
    const request = buildRequest(recipe(restage(0.35), { imageSize: { kind: "custom", width: 1280, height: 720 } }), urls);
    expect(request.endpoint).toBe("remix");
    expect(request.input).toMatchObject({
      image_url: urls.source,
      strength: 0.35,
      image_size: { width: 1280, height: 720 },
      style: "FICTION",
      negative_prompt: "blurry",
      reference_image_urls: [urls.reference],
      reference_mask_urls: [urls.mask],
    });
    expect(request.input).not.toHaveProperty("mask_url");
    expect(IdeogramRemixInputSchema.safeParse(request.input).success).toBe(true);
  });
});

describe("endpoint and price by origin", () => {
  afterEach(() => {
    PRICE_CENTS_PER_IMAGE.edit.BALANCED = 15;
    PRICE_CENTS_PER_IMAGE.remix.TURBO = 10;
  });

  it("chooses the endpoint from the recipe", () => {
    expect(ENDPOINT_IDS[endpointFor(recipe())]).toBe("fal-ai/ideogram/character");
    expect(ENDPOINT_IDS[endpointFor(recipe(fix()))]).toBe("fal-ai/ideogram/character/edit");
    expect(ENDPOINT_IDS[endpointFor(recipe(restage()))]).toBe("fal-ai/ideogram/character/remix");
  });

  it("prices each from its own row of the one table", () => {
    // Today's prices are equal; a change to one endpoint's row must show on its buttons alone.
    PRICE_CENTS_PER_IMAGE.edit.BALANCED = 17;
    PRICE_CENTS_PER_IMAGE.remix.TURBO = 12;
    expect(recipeCostCents(recipe(fix(), { numImages: 3 }))).toBe(51);
    expect(recipeCostCents(recipe(undefined, { numImages: 3 }))).toBe(45);
    expect(recipeCostCents(recipe(restage(), { renderingSpeed: "TURBO", numImages: 2 }))).toBe(24);
  });
});

describe("checked before anything is spent", () => {
  it("accepts a complete fix and restage", () => {
    expect(validateRecipe(recipe(fix()), true)).toEqual({});
    expect(validateRecipe(recipe(restage()), true)).toEqual({});
  });

  it("an empty region", () => {
    expect(validateRecipe(recipe(fix()), true, { regionEmpty: true })).toEqual({ region: "Paint the region to fix first" });
  });

  it("an image and a mask of different sizes", () => {
    const errors = validateRecipe(recipe(fix({ mask: { ...image(512, 288), blobId: "mask" } })), true);
    expect(errors.region).toBe(`${SAME_SIZE_MESSAGE}: the image is 1024 × 576 px, the mask 512 × 288 px. Paint the region again.`);
  });

  it("a source image over the limits, saying what to do", () => {
    const heavy = validateRecipe(recipe(restage(0.8, image(2048, 2048, LIMITS.sourceImageBytes + 2_400_000))), true);
    expect(heavy.source).toMatch(/^The image is 12.4 MB; restaging sends images up to 10 MB\. Save it as a smaller JPEG/);
    const small = validateRecipe(recipe(fix({ image: image(200, 150), mask: { ...image(200, 150), blobId: "m" } })), true);
    expect(small.source).toBe("The image is 200 × 150 px; fixing a region needs at least 256 px on each side. Use a larger image.");
    const huge = validateRecipe(recipe(restage(0.8, image(6000, 3000))), true);
    expect(huge.source).toMatch(/6000 × 3000 px; restaging takes at most 4096 px on a side\. Scale it down/);
  });

  it("no character, an empty fix prompt, a strength out of range", () => {
    expect(validateRecipe(recipe(fix()), false)).toEqual({ character: "Pick a character from the cast" });
    expect(validateRecipe(recipe(fix(), {}, { prompt: " " }), true)).toEqual({ prompt: "Prompt is empty: say what the region should become" });
    expect(Object.keys(validateRecipe(recipe(restage(1.5)), true))).toEqual(["strength"]);
  });
});
