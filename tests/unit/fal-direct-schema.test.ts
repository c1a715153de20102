import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { ENDPOINT_KINDS } from "@/lib/fal/endpoint";
import { costCents, PRICE_ASSUMED, PRICE_CENTS_PER_IMAGE } from "@/lib/fal/pricing";
import {
  DEFAULTS,
  IdeogramEditInputSchema,
  IdeogramRemixInputSchema,
  INPUT_SCHEMAS,
  LIMITS,
  SAME_SIZE_MESSAGE,
  toFieldErrors,
} from "@/lib/fal/schema";

const REMOTE = "https://v3.fal.media/files/a/image.png";
const common = { prompt: "Ferris steps into the doorway", reference_image_urls: ["https://v3.fal.media/files/a/ref.png"] };
const edit = { ...common, image_url: REMOTE, mask_url: "https://v3.fal.media/files/a/mask.png" };
const remix = { ...common, image_url: REMOTE };

function issues(schema: (typeof INPUT_SCHEMAS)[keyof typeof INPUT_SCHEMAS], input: Record<string, unknown>) {
  const result = schema.safeParse(input);
  return result.success ? [] : toFieldErrors(result.error).map((e) => ({ path: e.loc.join("."), msg: e.msg }));
}
const paths = (schema: Parameters<typeof issues>[0], input: Record<string, unknown>) => issues(schema, input).map((i) => i.path);

async function pngUri(width: number, height: number, grey = 255): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 3, background: { r: grey, g: grey, b: grey } } }).png().toBuffer();
  return `data:image/png;base64,${png.toString("base64")}`;
}

let image64x48: string;
let mask64x48: string;
let mask48x64: string;

beforeAll(async () => {
  [image64x48, mask64x48, mask48x64] = await Promise.all([pngUri(64, 48, 120), pngUri(64, 48, 0), pngUri(48, 64, 0)]);
});

describe("edit input schema", () => {
  it("requires the image and the mask besides prompt and character", () => {
    expect(IdeogramEditInputSchema.safeParse(edit).success).toBe(true);
    expect(paths(IdeogramEditInputSchema, common)).toEqual(["body.image_url", "body.mask_url"]);
    expect(paths(IdeogramEditInputSchema, { ...edit, mask_url: "ftp://x/y.png" })).toEqual(["body.mask_url"]);
    expect(paths(IdeogramEditInputSchema, { ...edit, image_url: "data:image/gif;base64,R0lGOD=" })).toEqual(["body.image_url"]);
  });

  it("refuses style, image_size and negative_prompt, which edit does not take", () => {
    for (const extra of [{ style: "AUTO" }, { image_size: "square_hd" }, { negative_prompt: "blur" }, { strength: 0.5 }]) {
      const found = issues(IdeogramEditInputSchema, { ...edit, ...extra });
      expect(found.map((i) => i.path)).toEqual(["body"]);
      expect(found[0]!.msg).toContain(Object.keys(extra)[0]!);
    }
  });

  it("takes the fields all three endpoints share", () => {
    const full = { ...edit, rendering_speed: "QUALITY", num_images: 8, seed: 3, expand_prompt: false, sync_mode: true, style_codes: ["0a1b2c3d"] };
    expect(IdeogramEditInputSchema.safeParse(full).success).toBe(true);
    expect(paths(IdeogramEditInputSchema, { ...edit, num_images: 9 })).toEqual(["body.num_images"]);
  });

  it("refuses an inline image and mask of different sizes, naming both, and accepts equal ones", () => {
    expect(IdeogramEditInputSchema.safeParse({ ...edit, image_url: image64x48, mask_url: mask64x48 }).success).toBe(true);
    const found = issues(IdeogramEditInputSchema, { ...edit, image_url: image64x48, mask_url: mask48x64 });
    expect(found).toEqual([{ path: "body.mask_url", msg: `${SAME_SIZE_MESSAGE}: the image is 64 × 48 px, the mask 48 × 64 px` }]);
  });

  it("leaves the size rule to the engine when either side is a remote URL", () => {
    expect(IdeogramEditInputSchema.safeParse({ ...edit, image_url: image64x48 }).success).toBe(true);
    expect(IdeogramEditInputSchema.safeParse({ ...edit, mask_url: mask48x64 }).success).toBe(true);
  });

  it("refuses an inline source image over 10 MB", () => {
    const over = `data:image/png;base64,${"A".repeat(Math.ceil(((LIMITS.sourceImageBytes + 1000) * 4) / 3))}`;
    for (const [schema, input] of [[IdeogramEditInputSchema, edit], [IdeogramRemixInputSchema, remix]] as const) {
      expect(issues(schema, { ...input, image_url: over })).toContainEqual({ path: "body.image_url", msg: "The source image is larger than 10 MB" });
    }
    expect(paths(IdeogramEditInputSchema, { ...edit, image_url: image64x48 })).toEqual([]);
  });
});

describe("remix input schema", () => {
  it("requires the image, and takes style, image_size and negative_prompt", () => {
    expect(paths(IdeogramRemixInputSchema, common)).toEqual(["body.image_url"]);
    expect(IdeogramRemixInputSchema.safeParse({ ...remix, style: "FICTION", image_size: "landscape_16_9", negative_prompt: "rain" }).success).toBe(true);
    expect(IdeogramRemixInputSchema.safeParse({ ...remix, image_size: { width: 1280, height: 720 } }).success).toBe(true);
    expect(paths(IdeogramRemixInputSchema, { ...remix, mask_url: REMOTE })).toEqual(["body"]);
  });

  it("keeps strength within 0.01 to 1, defaulting to 0.8 at the endpoint", () => {
    for (const ok of [LIMITS.strength.min, 0.5, LIMITS.strength.max]) expect(IdeogramRemixInputSchema.safeParse({ ...remix, strength: ok }).success).toBe(true);
    for (const bad of [0, 0.005, 1.01, -1, "0.5"]) expect(paths(IdeogramRemixInputSchema, { ...remix, strength: bad })).toEqual(["body.strength"]);
    expect(IdeogramRemixInputSchema.parse(remix)).not.toHaveProperty("strength");
    expect(DEFAULTS.strength).toBe(0.8);
  });
});

describe("prices of the three endpoints", () => {
  it("has a price for every endpoint and speed, with edit's marked as assumed", () => {
    for (const endpoint of ENDPOINT_KINDS) expect(Object.keys(PRICE_CENTS_PER_IMAGE[endpoint]).sort()).toEqual(["BALANCED", "QUALITY", "TURBO"]);
    expect(PRICE_ASSUMED).toEqual({ character: false, edit: true, remix: false });
    // No public price for edit: assumed to be the character endpoint's.
    expect(PRICE_CENTS_PER_IMAGE.edit).toEqual(PRICE_CENTS_PER_IMAGE.character);
    expect(PRICE_CENTS_PER_IMAGE.remix).toEqual({ TURBO: 10, BALANCED: 15, QUALITY: 20 });
  });

  it("costs images times the endpoint's price of the speed", () => {
    expect(costCents({}, "edit")).toBe(15);
    expect(costCents({ num_images: 2, rendering_speed: "QUALITY" }, "remix")).toBe(40);
    expect(costCents({ num_images: 8, rendering_speed: "TURBO" }, "edit")).toBe(80);
    expect(costCents({ num_images: 3 })).toBe(costCents({ num_images: 3 }, "character"));
  });
});
