import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as IngestModule from "@/lib/images/ingest";
import * as fixtures from "../fixtures/generate";
import { launchChromium } from "../support/browser";
import { loadModule } from "../support/browser-bundle";
import { startByteServer, type ByteServer } from "../support/byte-server";

/**
 * The add-a-character pipeline in real Chromium: createImageBitmap, OffscreenCanvas and the
 * browser's own encoders are what users get, so they are not mocked.
 */

type PageWindow = Window & { Ingest: typeof IngestModule; decodeCalls: number };

interface Outcome {
  ms: number;
  /** createImageBitmap calls made while normalizing: 0 proves a refusal came before decoding. */
  decodeCalls: number;
  error?: { name: string; code: string; message: string };
  result?: Omit<IngestModule.NormalizedImage, "blob" | "thumbnail"> & { blobType: string; blobBytes: number; thumbnailType: string };
  /** The encoded output and thumbnail decoded again, to check they are what they claim. */
  decoded?: { width: number; height: number; thumbnailWidth: number; thumbnailHeight: number };
  /** RGBA of the output at the requested fractional positions. */
  pixels?: number[][];
}

let browser: Browser;
let page: Page;
// Fixtures reach the page over loopback HTTP: up to 60 MB each, far too slow as base64 through evaluate.
let files: ByteServer;

beforeAll(async () => {
  [browser, files] = await Promise.all([launchChromium(), startByteServer("ingest harness")]);
  page = await browser.newPage();
  await page.goto(files.url);
  await loadModule(page, "lib/images/ingest.ts", "Ingest");
  await page.evaluate(() => {
    const w = window as unknown as PageWindow;
    const original = w.createImageBitmap.bind(w);
    w.decodeCalls = 0;
    w.createImageBitmap = ((...args: Parameters<typeof original>) => {
      w.decodeCalls++;
      return original(...args);
    }) as typeof original;
  });
});
afterAll(async () => {
  await browser?.close();
  await files?.close();
});

async function ingest(fixture: fixtures.Fixture, options?: IngestModule.NormalizeOptions, probes: [number, number][] = []): Promise<Outcome> {
  const payload = { url: files.offer(fixture.bytes), size: fixture.bytes.length, name: fixture.name, options, probes };
  return page.evaluate(async ({ url, size, name, options, probes }): Promise<Outcome> => {
    const w = window as unknown as PageWindow;
    const file = new File([await (await fetch(url)).blob()], name, { type: "image/jpeg" });
    if (file.size !== size) throw new Error(`the fixture arrived as ${file.size} bytes, not ${size}`);
    const before = w.decodeCalls;
    const start = performance.now();
    let normalized: IngestModule.NormalizedImage;
    try {
      normalized = await w.Ingest.normalizeImage(file, options);
    } catch (e) {
      const error = e as IngestModule.IngestError;
      return { ms: performance.now() - start, decodeCalls: w.decodeCalls - before, error: { name: error.name, code: error.code, message: error.message } };
    }
    const ms = performance.now() - start;
    const decodeCalls = w.decodeCalls - before;
    const { blob, thumbnail, ...rest } = normalized;
    const output = await createImageBitmap(blob);
    const thumb = await createImageBitmap(thumbnail);
    const canvas = new OffscreenCanvas(output.width, output.height);
    const context = canvas.getContext("2d")!;
    context.drawImage(output, 0, 0);
    const pixels = probes.map(([fx, fy]) =>
      Array.from(context.getImageData(Math.floor(fx * output.width), Math.floor(fy * output.height), 1, 1).data),
    );
    const decoded = { width: output.width, height: output.height, thumbnailWidth: thumb.width, thumbnailHeight: thumb.height };
    output.close();
    thumb.close();
    return {
      ms,
      decodeCalls,
      result: { ...rest, blobType: blob.type, blobBytes: blob.size, thumbnailType: thumbnail.type },
      decoded,
      pixels,
    };
  }, payload);
}

/** Close enough to a colour, allowing for JPEG's chroma blur at edges. */
const near = (actual: number[] | undefined, rgb: [number, number, number]) =>
  actual !== undefined && rgb.every((v, i) => Math.abs(actual[i]! - v) <= 24);

function expectConsistent(outcome: Outcome) {
  const { result, decoded } = outcome;
  expect(outcome.error).toBeUndefined();
  expect(result!.blobType).toBe(result!.type);
  expect(decoded).toMatchObject({ width: result!.width, height: result!.height });
  expect(decoded).toMatchObject({ thumbnailWidth: result!.thumbnailWidth, thumbnailHeight: result!.thumbnailHeight });
  expect(Math.max(result!.thumbnailWidth, result!.thumbnailHeight)).toBeLessThanOrEqual(320);
  expect(result!.thumbnailType).toMatch(/^image\/(webp|jpeg)$/);
}

describe("adding a character in Chromium", () => {
  it("keeps the mascot JPEG at its own size and makes a thumbnail", async () => {
    const outcome = await ingest(await fixtures.mascot());
    expectConsistent(outcome);
    expect(outcome.result).toMatchObject({ type: "image/jpeg", width: 1200, height: 807, hasAlpha: false, sourceType: "image/jpeg" });
    expect(outcome.result).toMatchObject({ thumbnailWidth: 320, thumbnailHeight: 215, thumbnailType: "image/webp" });
  });

  it("keeps transparency: a 3000×1000 cut-out becomes a 2048×683 PNG", async () => {
    const outcome = await ingest(await fixtures.transparentPng(), undefined, [[0.02, 0.02], [0.5, 0.5]]);
    expectConsistent(outcome);
    expect(outcome.result).toMatchObject({ width: 2048, height: 683, hasAlpha: true, sourceType: "image/png" });
    expect(outcome.result!.type).toMatch(/^image\/(png|webp)$/);
    expect(outcome.pixels![0]![3]).toBe(0);
    expect(outcome.pixels![1]).toEqual([240, 120, 20, 255]);
  });

  it("turns a PNG with no transparent pixel into a JPEG, and accepts WebP", async () => {
    const opaque = await sharp({ create: { width: 500, height: 400, channels: 4, background: "#3366cc" } }).png().toBuffer();
    const png = await ingest({ name: "flat.png", bytes: opaque });
    expectConsistent(png);
    expect(png.result).toMatchObject({ type: "image/jpeg", hasAlpha: false, width: 500, height: 400 });
    const webp = await ingest({ name: "hero.webp", bytes: await sharp(opaque).webp().toBuffer() });
    expectConsistent(webp);
    expect(webp.result).toMatchObject({ sourceType: "image/webp", type: "image/jpeg", width: 500, height: 400 });
  });

  it("falls back to WebP when a transparent PNG would exceed 6 MB", async () => {
    const outcome = await ingest(await fixtures.noisyTransparentPng());
    expectConsistent(outcome);
    expect(outcome.result).toMatchObject({ type: "image/webp", hasAlpha: true, width: 2048, height: 2048 });
    expect(outcome.result!.blobBytes).toBeLessThan(6_000_000);
  });

  it("stands an EXIF orientation 6 photo upright: red, stored on top, ends up on the right", async () => {
    const outcome = await ingest(await fixtures.exifRotatedJpeg(), undefined, [[0.8, 0.5], [0.2, 0.5], [0.8, 0.05], [0.2, 0.95]]);
    expectConsistent(outcome);
    expect(outcome.result).toMatchObject({ width: 200, height: 300, sourceWidth: 200, sourceHeight: 300 });
    const [right, left, topRight, bottomLeft] = outcome.pixels!;
    expect(near(right, [255, 0, 0]) && near(topRight, [255, 0, 0])).toBe(true);
    expect(near(left, [0, 0, 255]) && near(bottomLeft, [0, 0, 255])).toBe(true);
  });

  it("scales a rotated photo by its upright long edge", async () => {
    const tall = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: "#808080" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const outcome = await ingest({ name: "tall.jpg", bytes: tall }, { maxLongEdge: 1000 });
    expectConsistent(outcome);
    expect(outcome.result).toMatchObject({ width: 500, height: 1000 });
  });

  it("brings a 24-megapixel photo down to a 2048 long edge, keeping its aspect", async () => {
    const photo = await fixtures.photo24mp();
    const outcome = await ingest(photo);
    expectConsistent(outcome);
    expect(outcome.result).toMatchObject({ type: "image/jpeg", width: 2048, height: 1365, sourceWidth: 6000, sourceHeight: 4000 });
    expect(outcome.decodeCalls).toBeGreaterThan(0);
    const smaller = await ingest(photo, { maxLongEdge: 1024, thumbnailLongEdge: 100 });
    expectConsistent(smaller);
    expect(smaller.result).toMatchObject({ width: 1024, height: 683, thumbnailWidth: 100, thumbnailHeight: 67 });
  });
});

describe("unusual but valid images", () => {
  it("turns a CMYK JPEG into an ordinary reference with its colours", async () => {
    const outcome = await ingest(await fixtures.cmykJpeg());
    expectConsistent(outcome);
    expect(outcome.result).toMatchObject({ type: "image/jpeg", width: 640, height: 480 });
  });

  it("accepts a 16-bit PNG at its size", async () => {
    const fixture = await fixtures.png16bit();
    expect((await sharp(fixture.bytes).metadata()).depth).toBe("ushort");
    const outcome = await ingest(fixture);
    expectConsistent(outcome);
    expect(outcome.result).toMatchObject({ width: 800, height: 600 });
  });

  it("brings a 30 MB JPEG down to the long-edge limit without failing", async () => {
    const fixture = await fixtures.jpeg30mb();
    expect(fixture.bytes.length).toBeGreaterThan(25_000_000);
    const outcome = await ingest(fixture);
    expectConsistent(outcome);
    expect(outcome.result).toMatchObject({ width: 2048, height: 1463, sourceWidth: 7000, sourceHeight: 5000 });
  });
});

describe("refusing what cannot be a character reference", () => {
  const cases: [string, () => Promise<fixtures.Fixture>, string, RegExp][] = [
    ["a text file named .jpg", fixtures.renamedTextFile, "not_an_image", /not JPEG, PNG or WebP, whatever its name says/],
    ["an SVG with a script, named .png", fixtures.svgWithScript, "svg", /vector drawing.*export it as PNG/],
    ["a PDF", fixtures.pdfHeaderFile, "pdf", /export the page as PNG or JPEG/],
    ["an iPhone HEIC", fixtures.heicHeaderFile, "heic", /HEIC.*JPEG.*Most Compatible/],
    ["a GIF", fixtures.gifFile, "gif", /export one frame as PNG/],
    ["an empty file", fixtures.emptyFile, "empty", /empty \(0 bytes\)/],
    ["a half-downloaded JPEG", fixtures.truncatedJpeg, "truncated", /cut short.*again/],
    ["a half-copied PNG", fixtures.truncatedPng, "truncated", /cut short.*again/],
  ];

  for (const [what, make, code, fix] of cases) {
    it(`refuses ${what} with “${code}” and says what to do`, async () => {
      const fixture = await make();
      const outcome = await ingest(fixture);
      expect(outcome.error).toMatchObject({ name: "IngestError", code });
      expect(outcome.error!.message).toContain(`“${fixture.name}”`);
      expect(outcome.error!.message).toMatch(fix);
      if (code !== "empty" && code !== "truncated") expect(outcome.error!.message).toMatch(/JPEG, PNG or WebP/);
      expect(outcome.decodeCalls).toBe(0);
    });
  }

  it("reports a file that looks whole but does not decode as decode_failed", async () => {
    const outcome = await ingest(await fixtures.corruptPng());
    expect(outcome.error).toMatchObject({ code: "decode_failed" });
    expect(outcome.error!.message).toMatch(/“scrambled.png” could not be decoded.*save it again as JPEG or PNG/);
    expect(outcome.decodeCalls).toBe(1);
  });

  it("refuses a 108-megapixel PNG bomb by its header, without decoding it", async () => {
    const fixture = await fixtures.pixelBombPng();
    const outcome = await ingest(fixture);
    expect(outcome.error).toMatchObject({ code: "too_many_pixels" });
    expect(outcome.error!.message).toBe(
      "“poster.png” is 12,000 × 9,000 pixels (108 megapixels); Castboard accepts up to 100 megapixels. Scale it down and try again.",
    );
    expect(outcome.decodeCalls).toBe(0);
    expect(outcome.ms).toBeLessThan(500);
  });
});
