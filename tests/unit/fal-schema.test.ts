import { describe, expect, it } from "vitest";
import {
  COLOR_PALETTE_PRESETS,
  DEFAULTS,
  IdeogramCharacterInputSchema,
  IMAGE_SIZE_PRESET_NAMES,
  LIMITS,
  resolveImageSize,
  toFieldErrors,
  UploadInitiateSchema,
} from "@/lib/fal/schema";

const base = { prompt: "Ferris waves from a pier", reference_image_urls: ["https://v3.fal.media/files/a/ref.png"] };
const parse = (extra: Record<string, unknown>) => IdeogramCharacterInputSchema.safeParse({ ...base, ...extra });
const paths = (extra: Record<string, unknown>) => {
  const result = parse(extra);
  return result.success ? [] : toFieldErrors(result.error).map((e) => e.loc.join("."));
};

describe("Ideogram Character input schema", () => {
  it("accepts the seed document's full example and leaves defaults to the endpoint", () => {
    const result = parse({ rendering_speed: "BALANCED", style: "AUTO", expand_prompt: true, num_images: 1, image_size: "square_hd" });
    expect(result.success).toBe(true);
    expect(parse({}).data).toEqual(base);
    expect(DEFAULTS).toMatchObject({ rendering_speed: "BALANCED", style: "AUTO", expand_prompt: true, num_images: 1, image_size: "square_hd", negative_prompt: "", sync_mode: false });
  });

  it("requires a prompt with words in it, within the length limit", () => {
    expect(IdeogramCharacterInputSchema.safeParse({ reference_image_urls: base.reference_image_urls }).success).toBe(false);
    expect(paths({ prompt: "" })).toEqual(["body.prompt"]);
    expect(paths({ prompt: "   \n\t " })).toEqual(["body.prompt"]);
    expect(paths({ prompt: "x".repeat(LIMITS.promptChars + 1) })).toEqual(["body.prompt"]);
    expect(paths({ prompt: "word ".repeat(4000) })).toEqual(["body.prompt"]);
    expect(parse({ prompt: "🦀 مرحبا <b>hi</b>" }).success).toBe(true);
  });

  it("requires at least one character reference, as a URL or an image data URI", () => {
    expect(paths({ reference_image_urls: [] })).toEqual(["body.reference_image_urls"]);
    expect(paths({ reference_image_urls: ["ftp://x/y.png"] })).toEqual(["body.reference_image_urls.0"]);
    expect(paths({ reference_image_urls: ["data:image/svg+xml;base64,PHN2Zz4="] })).toEqual(["body.reference_image_urls.0"]);
    expect(parse({ reference_image_urls: ["data:image/png;base64,iVBORw0KGgo="] }).success).toBe(true);
  });

  it("limits the number of images to 1..8 whole numbers", () => {
    expect(parse({ num_images: 1 }).success).toBe(true);
    expect(parse({ num_images: 8 }).success).toBe(true);
    for (const bad of [0, 9, 2.5, "4"]) expect(paths({ num_images: bad })).toEqual(["body.num_images"]);
  });

  it("knows every enum of the endpoint", () => {
    for (const speed of ["TURBO", "BALANCED", "QUALITY"]) expect(parse({ rendering_speed: speed }).success).toBe(true);
    for (const style of ["AUTO", "REALISTIC", "FICTION"]) expect(parse({ style }).success).toBe(true);
    expect(paths({ rendering_speed: "FAST" })).toEqual(["body.rendering_speed"]);
    expect(paths({ style: "ANIME" })).toEqual(["body.style"]);
    expect(IMAGE_SIZE_PRESET_NAMES).toEqual(["square_hd", "square", "portrait_4_3", "portrait_16_9", "landscape_4_3", "landscape_16_9"]);
    expect(COLOR_PALETTE_PRESETS).toHaveLength(8);
  });

  it("accepts an image size preset or whole-pixel custom sizes within bounds", () => {
    expect(parse({ image_size: "portrait_16_9" }).success).toBe(true);
    expect(parse({ image_size: { width: 1280, height: 720 } }).success).toBe(true);
    expect(paths({ image_size: "huge" })).toEqual(["body.image_size"]);
    expect(paths({ image_size: { width: 100, height: 720 } })).toEqual(["body.image_size.width"]);
    expect(paths({ image_size: { width: 720, height: 4096 } })).toEqual(["body.image_size.height"]);
    expect(resolveImageSize(undefined)).toEqual({ width: 1024, height: 1024 });
    expect(resolveImageSize("landscape_16_9")).toEqual({ width: 1024, height: 576 });
  });

  it("validates style codes as 8 hexadecimal characters", () => {
    expect(parse({ style_codes: ["0a1B2c3D"] }).success).toBe(true);
    expect(paths({ style_codes: ["0a1B2c3"] })).toEqual(["body.style_codes.0"]);
    expect(paths({ style_codes: ["0a1B2c3G"] })).toEqual(["body.style_codes.0"]);
  });

  it("refuses style codes together with a style or with style reference images", () => {
    expect(paths({ style_codes: ["0a1b2c3d"], style: "AUTO" })).toEqual(["body.style_codes"]);
    expect(paths({ style_codes: ["0a1b2c3d"], image_urls: ["https://x.test/style.png"] })).toEqual(["body.style_codes"]);
    expect(parse({ style: "FICTION", image_urls: ["https://x.test/style.png"] }).success).toBe(true);
  });

  it("takes a color palette as a preset name or as weighted RGB members, not both", () => {
    expect(parse({ color_palette: { name: "EMBER" } }).success).toBe(true);
    expect(parse({ color_palette: { members: [{ rgb: { r: 255, g: 10, b: 0 }, color_weight: 0.5 }, { rgb: { r: 0, g: 0, b: 0 } }] } }).success).toBe(true);
    expect(paths({ color_palette: { name: "NEON" } })).toEqual(["body.color_palette.name"]);
    expect(paths({ color_palette: { name: "EMBER", members: [{ rgb: { r: 1 } }] } })).toEqual(["body.color_palette"]);
    expect(paths({ color_palette: {} })).toEqual(["body.color_palette"]);
    expect(paths({ color_palette: { members: [{ rgb: { r: 256 } }] } })).toEqual(["body.color_palette.members.0.rgb.r"]);
    expect(paths({ color_palette: { members: [{ rgb: { r: 1 }, color_weight: 0 }] } })).toEqual(["body.color_palette.members.0.color_weight"]);
  });

  it("keeps seeds to non-negative 32-bit integers", () => {
    expect(parse({ seed: 0 }).success).toBe(true);
    expect(parse({ seed: LIMITS.seed.max }).success).toBe(true);
    for (const bad of [-1, 1.5, LIMITS.seed.max + 1]) expect(paths({ seed: bad })).toEqual(["body.seed"]);
  });

  it("refuses fields the endpoint does not have", () => {
    expect(paths({ webhook: "https://evil.test" })).toEqual(["body"]);
  });

  it("counts inline image bytes against the 10 MB reference budget", () => {
    const sixMb = `data:image/png;base64,${"A".repeat(8_000_000)}`;
    expect(paths({ reference_image_urls: [sixMb], reference_mask_urls: [sixMb] })).toEqual(["body.reference_image_urls"]);
    expect(paths({ image_urls: [sixMb, sixMb] })).toEqual(["body.image_urls"]);
  });

  it("reports errors in fal's 422 shape that @fal-ai/client reads", () => {
    const result = parse({ num_images: 12 });
    expect(result.success).toBe(false);
    const [error] = toFieldErrors(result.error!);
    expect(error).toMatchObject({ loc: ["body", "num_images"], type: "too_big" });
    expect(error!.msg).toMatch(/8/);
  });
});

describe("upload initiation", () => {
  it("accepts only JPEG, PNG and WebP uploads", () => {
    expect(UploadInitiateSchema.safeParse({ content_type: "image/png", file_name: "a.png" }).success).toBe(true);
    for (const type of ["image/gif", "image/svg+xml", "application/pdf", "text/plain"]) {
      expect(UploadInitiateSchema.safeParse({ content_type: type, file_name: "a" }).success).toBe(false);
    }
  });
});
