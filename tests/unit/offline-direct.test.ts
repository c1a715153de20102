import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { LIMITS, SAME_SIZE_MESSAGE } from "@/lib/fal/schema";
import type { OfflineEngine } from "@/lib/offline/engine";
import { changedPixels, ellipseMask, greyPixels, rgbPixels, sceneImage, whiteMask } from "../support/direct-fixtures";
import { call, engineFactory, fetchImage, generate, upload, waitDone } from "../support/engine-calls";

/** The offline engine's edit and remix: what they keep of the input, what they change, and what they refuse. */
const EDIT = "fal-ai/ideogram/character/edit";
const REMIX = "fal-ai/ideogram/character/remix";
const mascot = new Uint8Array(readFileSync("tests/fixtures/mascot-reference.jpg"));
const engines = engineFactory("unit-direct");
afterEach(() => engines.cleanup());

let imageJpeg: Buffer;
let maskPng: Buffer;
let maskWebp: Buffer;
let portraitMask: Buffer;
let emptyMask: Buffer;

beforeAll(async () => {
  imageJpeg = await sceneImage(320, 240).jpeg({ quality: 90 }).toBuffer();
  maskPng = await ellipseMask(320, 240).png().toBuffer();
  // Grey anti-aliased edges, lossless: the mask as the painter exports it, in another format.
  maskWebp = await ellipseMask(320, 240).webp({ lossless: true }).toBuffer();
  portraitMask = await ellipseMask(240, 320).png().toBuffer();
  emptyMask = await whiteMask(320, 240).png().toBuffer();
});

async function uploads(e: OfflineEngine, files: [Uint8Array, string][]) {
  const urls: string[] = [];
  for (const [bytes, type] of files) {
    const { put, file_url } = await upload(e, bytes, type);
    expect(put.status).toBe(200);
    urls.push(file_url);
  }
  return urls;
}

async function editSetup(mask: Buffer, maskType = "image/png") {
  const { engine: e } = engines.engine();
  const [image_url, mask_url, reference] = await uploads(e, [[imageJpeg, "image/jpeg"], [mask, maskType], [mascot, "image/jpeg"]]);
  return { e, input: { prompt: "Ferris steps into the light", image_url, mask_url, reference_image_urls: [reference], seed: 11 } };
}


describe("offline edit", () => {
  it("keeps every pixel the mask leaves white and repaints the black region, at the input's size", async () => {
    const { e, input } = await editSetup(maskPng);
    const { status, logs, result } = await generate(e, input, EDIT);
    expect(status).toBe(200);
    expect(logs.join("\n")).toMatch(/Repainting the masked region \(\d+x\d+ at \d+,\d+\)/);
    expect(logs.join("\n")).toMatch(/Drawing 1 draft variation at 320x240/);
    expect(result.images[0]).toMatchObject({ width: 320, height: 240, content_type: "image/png" });
    const png = await fetchImage(e, result.images[0]!.url);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 320, 240]);
    const [before, after, mask] = await Promise.all([rgbPixels(imageJpeg), rgbPixels(png), greyPixels(maskPng)]);
    const counts = changedPixels(before.data, after.data, mask);
    expect(counts.keptChanged).toBe(0);
    expect(counts.repainted).toBeGreaterThan(5000);
    expect(counts.repaintedChanged / counts.repainted).toBeGreaterThan(0.95);
  });

  it("reads a mask of another image type as grey, and keeps an RGBA image's transparency outside the region", async () => {
    const { e, input } = await editSetup(maskWebp, "image/webp");
    const rgba = await sharp(await sceneImage(320, 240).removeAlpha().png().toBuffer()).ensureAlpha(0.5).png().toBuffer();
    const [image_url] = await uploads(e, [[rgba, "image/png"]]);
    const { result } = await generate(e, { ...input, image_url }, EDIT);
    const png = await fetchImage(e, result.images[0]!.url);
    const [before, after, mask] = await Promise.all([
      sharp(rgba).raw().toBuffer(),
      sharp(png).raw().toBuffer({ resolveWithObject: true }),
      greyPixels(maskWebp),
    ]);
    expect(after.info.channels).toBe(4);
    expect(before[3]).toBe(127);
    for (let i = 0; i < mask.length; i++) {
      if (mask[i]! >= 128) expect(after.data.subarray(i * 4, i * 4 + 4).equals(before.subarray(i * 4, i * 4 + 4))).toBe(true);
    }
  });

  it("draws the same bytes for the same input and seed, others for another seed or variation", async () => {
    const { e, input } = await editSetup(maskPng);
    const runs = [await generate(e, input, EDIT), await generate(e, input, EDIT), await generate(e, { ...input, seed: 12 }, EDIT), await generate(e, { ...input, num_images: 2 }, EDIT)];
    const [a, b, c, d0, d1] = await Promise.all(runs.flatMap((r) => r.result.images).map((image) => fetchImage(e, image.url)));
    expect(a!.equals(b!)).toBe(true);
    expect(a!.equals(c!)).toBe(false);
    expect(d0!.equals(a!)).toBe(true);
    expect(d1!.equals(c!)).toBe(true);
  });

  it("refuses an uploaded mask of another size, giving both sizes", async () => {
    const { e, input } = await editSetup(portraitMask);
    const { status, result } = await generate(e, input, EDIT);
    expect(status).toBe(422);
    expect(result.detail).toEqual([{ loc: ["body", "mask_url"], msg: `${SAME_SIZE_MESSAGE}: the image is 320 × 240 px, the mask 240 × 320 px`, type: "value_error" }]);
  });

  it("refuses a mask that marks nothing to repaint", async () => {
    const { e, input } = await editSetup(emptyMask);
    const { result } = await generate(e, input, EDIT);
    expect(result.detail).toEqual([{ loc: ["body", "mask_url"], msg: "The mask marks no region to repaint: paint the area to change", type: "value_error" }]);
  });

  it("refuses an uploaded source image over 10 MB, and an image or mask it cannot decode", async () => {
    const { e, input } = await editSetup(maskPng);
    const side = Math.ceil(Math.sqrt(LIMITS.sourceImageBytes / 3)) + 20;
    const noise = await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(noise.length).toBeGreaterThan(LIMITS.sourceImageBytes);
    const broken = Buffer.concat([maskPng.subarray(0, 60), Buffer.alloc(200)]);
    const [big, brokenUrl] = await uploads(e, [[noise, "image/png"], [broken, "image/png"]]);
    expect((await generate(e, { ...input, image_url: big }, EDIT)).result.detail).toEqual([
      { loc: ["body", "image_url"], msg: "The source image is larger than 10 MB", type: "value_error" },
    ]);
    expect((await generate(e, { ...input, mask_url: brokenUrl }, EDIT)).result.detail).toMatchObject([{ loc: ["body", "mask_url"], msg: expect.stringMatching(/mask could not be decoded/) }]);
    expect((await generate(e, { ...input, image_url: brokenUrl }, EDIT)).result.detail).toMatchObject([{ loc: ["body", "image_url"] }]);
  });

  it("refuses at submit an inline image or mask that is not an image, and fields edit does not take", async () => {
    const { e, input } = await editSetup(maskPng);
    const text = `data:image/png;base64,${Buffer.from("not an image at all").toString("base64")}`;
    for (const field of ["image_url", "mask_url"]) {
      const answer = await call(e, "POST", `queue.fal.run/${EDIT}`, { ...input, [field]: text });
      expect(answer.status).toBe(422);
      expect(((await answer.json()) as { detail: { loc: string[] }[] }).detail[0]!.loc).toEqual(["body", field]);
    }
    const styled = await call(e, "POST", `queue.fal.run/${EDIT}`, { ...input, style: "AUTO" });
    expect(styled.status).toBe(422);
  });

  it("answers a sync run with the edited image inline", async () => {
    const { e, input } = await editSetup(maskPng);
    const answer = await call(e, "POST", `fal.run/${EDIT}`, { ...input, sync_mode: true });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { images: { url: string }[] };
    const meta = await sharp(Buffer.from(body.images[0]!.url.split(",")[1]!, "base64")).metadata();
    expect([meta.width, meta.height]).toEqual([320, 240]);
  });

  it("still draws an edit for a request resumed after a restart", async () => {
    const { requestId, restart } = await engines.interrupted(EDIT, async (e) => {
      const [image_url, mask_url, reference] = await uploads(e, [[imageJpeg, "image/jpeg"], [maskPng, "image/png"], [mascot, "image/jpeg"]]);
      return { prompt: "resume", image_url, mask_url, reference_image_urls: [reference], seed: 1 };
    });
    const second = restart();
    const status = await waitDone(second, requestId);
    expect(status.logs.map((l) => l.message).join("\n")).toMatch(/Repainting the masked region/);
    const result = (await (await call(second, "GET", `queue.fal.run/fal-ai/ideogram/requests/${requestId}`)).json()) as { images: { width: number; height: number }[] };
    expect(result.images[0]).toMatchObject({ width: 320, height: 240 });
  });
});

describe("offline remix", () => {
  /** Mean absolute difference per channel between a panel and the input scaled to cover its frame. */
  async function distanceFromInput(png: Buffer, input: Buffer) {
    const { info, data } = await rgbPixels(png);
    const base = await sharp(input).resize(info.width, info.height, { fit: "cover" }).removeAlpha().raw().toBuffer();
    let [sum, near] = [0, 0];
    for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]! - base[i]!);
    for (let p = 0; p < data.length; p += 3) near += [0, 1, 2].every((c) => Math.abs(data[p + c]! - base[p + c]!) <= 4) ? 1 : 0;
    return { mad: sum / data.length, nearShare: near / (data.length / 3) };
  }

  async function remixSetup() {
    const { engine: e } = engines.engine();
    const landscape = await sceneImage(480, 320).png().toBuffer();
    const [image_url, reference] = await uploads(e, [[landscape, "image/png"], [mascot, "image/jpeg"]]);
    return { e, landscape, input: { prompt: "Ferris on a beach at sunset", image_url, reference_image_urls: [reference], image_size: "square", seed: 4 } };
  }

  it("keeps more of the input the higher the strength, and at 1 all but the character", async () => {
    const { e, landscape, input } = await remixSetup();
    const distances = [];
    for (const strength of [0.2, 0.5, 0.9, 1]) {
      const { result, logs } = await generate(e, { ...input, strength }, REMIX);
      expect(logs.join("\n")).toContain(`keeping ${Math.round(strength * 100)}% of its composition`);
      const png = await fetchImage(e, result.images[0]!.url);
      expect(result.images[0]).toMatchObject({ width: 512, height: 512 });
      distances.push(await distanceFromInput(png, landscape));
    }
    const mads = distances.map((d) => d.mad);
    expect(mads[0]).toBeGreaterThan(mads[1]!);
    expect(mads[1]).toBeGreaterThan(mads[2]!);
    expect(mads[2]).toBeGreaterThan(mads[3]!);
    // Beyond the character (and the small DRAFT badge) the panel is the input.
    expect(distances[3]!.nearShare).toBeGreaterThan(0.6);
    expect(distances[0]!.nearShare).toBeLessThan(0.2);
  });

  it("draws at image_size, square_hd by default, the same bytes for the same input and seed", async () => {
    const { e, input } = await remixSetup();
    const first = await generate(e, { ...input, image_size: undefined }, REMIX);
    expect(first.result.images[0]).toMatchObject({ width: 1024, height: 1024 });
    const wide = await generate(e, { ...input, image_size: "landscape_16_9" }, REMIX);
    const again = await generate(e, { ...input, image_size: "landscape_16_9" }, REMIX);
    const [a, b] = await Promise.all([wide, again].map((g) => fetchImage(e, g.result.images[0]!.url)));
    expect((await sharp(a!).metadata()).width).toBe(1024);
    expect(a!.equals(b!)).toBe(true);
    const meta = await sharp(await fetchImage(e, first.result.images[0]!.url)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1024, 1024]);
  });

  it("refuses a source image it cannot decode, on image_url", async () => {
    const { e, input } = await remixSetup();
    const [broken] = await uploads(e, [[Buffer.concat([mascot.subarray(0, 200), Buffer.alloc(100)]), "image/jpeg"]]);
    const { result } = await generate(e, { ...input, image_url: broken }, REMIX);
    expect(result.detail).toMatchObject([{ loc: ["body", "image_url"], msg: expect.stringMatching(/source image could not be decoded/) }]);
  });
});
