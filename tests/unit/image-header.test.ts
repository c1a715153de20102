import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { orientedSize, readImageHeader, readTiffOrientation } from "@/lib/images/dimensions";
import { fitWithin, MAX_SOURCE_BYTES, normalizeImage } from "@/lib/images/ingest";
import { IngestError, refusalForKind, type IngestErrorCode } from "@/lib/images/ingest-errors";
import { isTruncated } from "@/lib/images/integrity";
import { sniffImageType } from "@/lib/images/sniff";
import * as fixtures from "../fixtures/generate";

const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 80, b: 40, alpha: 0.5 } } });

const chunkAt = (bytes: Buffer) => bytes.subarray(12, 16).toString("latin1");

describe("reading dimensions from header bytes", () => {
  it("reads baseline and progressive JPEGs", async () => {
    const { bytes } = await fixtures.mascot();
    expect(readImageHeader(bytes)).toEqual({ type: "image/jpeg", width: 1200, height: 807, orientation: 1 });
    const progressive = await solid(641, 479).jpeg({ progressive: true }).toBuffer();
    expect(readImageHeader(progressive)).toMatchObject({ width: 641, height: 479 });
  });

  it("reports EXIF orientation 6 so the caller knows width and height swap", async () => {
    const { bytes } = await fixtures.exifRotatedJpeg();
    const header = readImageHeader(bytes);
    expect(header).toEqual({ type: "image/jpeg", width: 300, height: 200, orientation: 6 });
    expect(orientedSize(header!)).toEqual({ width: 200, height: 300 });
    const upsideDown = await solid(300, 200).jpeg().withMetadata({ orientation: 3 }).toBuffer();
    expect(orientedSize(readImageHeader(upsideDown)!)).toEqual({ width: 300, height: 200 });
  });

  it("reads orientation from both TIFF byte orders", () => {
    const tiff = (order: "II" | "MM", orientation: number) => {
      const b = Buffer.alloc(26);
      const le = order === "II";
      b.write(order, 0, "latin1");
      (le ? b.writeUInt16LE : b.writeUInt16BE).call(b, 42, 2);
      (le ? b.writeUInt32LE : b.writeUInt32BE).call(b, 8, 4);
      (le ? b.writeUInt16LE : b.writeUInt16BE).call(b, 1, 8);
      (le ? b.writeUInt16LE : b.writeUInt16BE).call(b, 0x0112, 10);
      (le ? b.writeUInt16LE : b.writeUInt16BE).call(b, 3, 12);
      (le ? b.writeUInt32LE : b.writeUInt32BE).call(b, 1, 14);
      (le ? b.writeUInt16LE : b.writeUInt16BE).call(b, orientation, 18);
      return b;
    };
    expect(readTiffOrientation(tiff("II", 8))).toBe(8);
    expect(readTiffOrientation(tiff("MM", 6))).toBe(6);
    expect(readTiffOrientation(tiff("MM", 42))).toBe(1);
    expect(readTiffOrientation(tiff("MM", 6).subarray(0, 12))).toBe(1);
  });

  it("reads PNG IHDR, including an eXIf orientation (Chromium applies it)", async () => {
    expect(readImageHeader(await solid(3000, 1000, 4).png().toBuffer())).toEqual({
      type: "image/png",
      width: 3000,
      height: 1000,
      orientation: 1,
    });
    const rotated = await solid(30, 20).png().withMetadata({ orientation: 6 }).toBuffer();
    expect(readImageHeader(rotated)).toMatchObject({ width: 30, height: 20, orientation: 6 });
  });

  it("reads WebP VP8, VP8L and VP8X, ignoring WebP EXIF orientation as Chromium does", async () => {
    const lossy = await solid(333, 222).webp().toBuffer();
    const lossless = await solid(333, 222).webp({ lossless: true }).toBuffer();
    const extended = await solid(5000, 3, 4).webp().toBuffer();
    const tagged = await solid(40, 30).webp().withMetadata({ orientation: 6 }).toBuffer();
    expect([lossy, lossless, extended, tagged].map(chunkAt)).toEqual(["VP8 ", "VP8L", "VP8X", "VP8X"]);
    expect(readImageHeader(lossy)).toEqual({ type: "image/webp", width: 333, height: 222, orientation: 1 });
    expect(readImageHeader(lossless)).toMatchObject({ width: 333, height: 222 });
    expect(readImageHeader(extended)).toMatchObject({ width: 5000, height: 3 });
    expect(readImageHeader(tagged)).toMatchObject({ width: 40, height: 30, orientation: 1 });
  });

  it("reads a 108-megapixel PNG's size from a few hundred kilobytes", async () => {
    const { bytes } = await fixtures.pixelBombPng();
    expect(bytes.length).toBeLessThan(2_000_000);
    expect(readImageHeader(bytes)).toMatchObject({ width: 12000, height: 9000 });
  });

  it("returns null for non-images and never throws on any prefix of a real file", async () => {
    for (const make of [fixtures.renamedTextFile, fixtures.svgWithScript, fixtures.gifFile, fixtures.emptyFile]) {
      expect(readImageHeader((await make()).bytes)).toBeNull();
    }
    const { bytes } = await fixtures.exifRotatedJpeg();
    expect(readImageHeader(bytes.subarray(0, 40))).toBeNull();
    const files = [bytes, await solid(50, 40).png().toBuffer(), await solid(50, 40).webp().toBuffer()];
    for (const file of files) {
      for (let end = 0; end <= Math.min(file.length, 600); end++) expect(() => readImageHeader(file.subarray(0, end))).not.toThrow();
    }
  });
});

describe("spotting files cut short", () => {
  it("accepts complete files, including JPEG and PNG with trailers after the end marker", async () => {
    const { bytes: jpeg } = await fixtures.mascot();
    const png = await solid(64, 64).png().toBuffer();
    const webp = await solid(64, 64).webp().toBuffer();
    expect(isTruncated("image/jpeg", jpeg)).toBe(false);
    expect(isTruncated("image/png", png)).toBe(false);
    expect(isTruncated("image/webp", webp)).toBe(false);
    const trailer = Buffer.alloc(300_000, 0x42);
    expect(isTruncated("image/jpeg", Buffer.concat([jpeg, trailer]))).toBe(false);
    expect(isTruncated("image/png", Buffer.concat([png, trailer]))).toBe(false);
  });

  it("flags sliced JPEG, PNG and WebP files", async () => {
    expect(isTruncated("image/jpeg", (await fixtures.truncatedJpeg()).bytes)).toBe(true);
    expect(isTruncated("image/png", (await fixtures.truncatedPng()).bytes)).toBe(true);
    const webp = await solid(64, 64).webp().toBuffer();
    expect(isTruncated("image/webp", webp.subarray(0, webp.length - 1))).toBe(true);
    const { bytes: jpeg } = await fixtures.mascot();
    expect(isTruncated("image/jpeg", jpeg.subarray(0, jpeg.length - 2))).toBe(true);
    expect(isTruncated("image/jpeg", jpeg.subarray(0, 300))).toBe(true);
  });

  it("finds the end of an image followed by a trailer longer than 1 MB, like a motion photo's video", async () => {
    const { bytes: jpeg } = await fixtures.mascot();
    const png = await solid(64, 64).png().toBuffer();
    const video = Buffer.alloc(2_500_000, 0x17);
    expect(isTruncated("image/jpeg", Buffer.concat([jpeg, video]))).toBe(false);
    expect(isTruncated("image/png", Buffer.concat([png, video]))).toBe(false);
    const { bytes: photo } = await fixtures.photo24mp();
    expect(photo.length).toBeGreaterThan(3_000_000);
    expect(isTruncated("image/jpeg", photo)).toBe(false);
    expect(isTruncated("image/jpeg", photo.subarray(0, photo.length - 1_500_000))).toBe(true);
  });

  it("is not fooled by an end marker inside an embedded EXIF thumbnail", async () => {
    const { bytes: jpeg } = await fixtures.mascot();
    // An APP1 segment holding FF D9, as an EXIF thumbnail does, placed right after SOI.
    const payload = Buffer.from([...Buffer.from("Exif\0\0", "latin1"), 0xff, 0xd8, 0x00, 0x00, 0xff, 0xd9]);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, payload.length + 2]), payload]);
    const withThumbnail = Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
    expect(readImageHeader(withThumbnail)).toMatchObject({ width: 1200, height: 807 });
    expect(isTruncated("image/jpeg", withThumbnail)).toBe(false);
    expect(isTruncated("image/jpeg", withThumbnail.subarray(0, withThumbnail.length / 2))).toBe(true);
  });
});

describe("refusing what is not a usable image before any decoding", () => {
  const refusals: [() => Promise<fixtures.Fixture>, IngestErrorCode][] = [
    [fixtures.emptyFile, "empty"],
    [fixtures.renamedTextFile, "not_an_image"],
    [fixtures.svgWithScript, "svg"],
    [fixtures.pdfHeaderFile, "pdf"],
    [fixtures.heicHeaderFile, "heic"],
    [fixtures.gifFile, "gif"],
    [fixtures.truncatedJpeg, "truncated"],
    [fixtures.truncatedPng, "truncated"],
    [fixtures.pixelBombPng, "too_many_pixels"],
  ];

  it("maps each sniffed kind to its refusal", async () => {
    expect(refusalForKind("image/jpeg")).toBeNull();
    expect(refusalForKind("image/png")).toBeNull();
    expect(refusalForKind("image/webp")).toBeNull();
    for (const [make, code] of refusals.slice(1, 6)) expect(refusalForKind(sniffImageType((await make()).bytes))).toBe(code);
  });

  it.each(refusals.map(([make, code]) => [code, make] as const))("refuses with %s, naming the file", async (code, make) => {
    const { name, bytes } = await make();
    const error = await normalizeImage(new File([new Uint8Array(bytes)], name)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ code, fileName: name });
    expect((error as IngestError).message).toContain(`“${name}”`);
  });

  it("refuses files over 200 MB without reading them", async () => {
    const huge = { size: MAX_SOURCE_BYTES + 1, name: "scan.png", arrayBuffer: () => Promise.reject(new Error("read")) };
    await expect(normalizeImage(huge as unknown as Blob & { name: string })).rejects.toMatchObject({ code: "too_large_bytes" });
  });
});

describe("messages", () => {
  it("say what was wrong and what is accepted", () => {
    expect(new IngestError("empty", "x.jpg").message).toBe("“x.jpg” is empty (0 bytes). Pick the image file itself, not a shortcut to it.");
    expect(new IngestError("not_an_image", "notes.jpg").message).toBe(
      "“notes.jpg” is not an image Castboard can read: its contents are not JPEG, PNG or WebP, whatever its name says. Add a JPEG, PNG or WebP file.",
    );
    expect(new IngestError("too_many_pixels", "big.png", { width: 20000, height: 20000, maxMegapixels: 100 }).message).toBe(
      "“big.png” is 20,000 × 20,000 pixels (400 megapixels); Castboard accepts up to 100 megapixels. Scale it down and try again.",
    );
    expect(new IngestError("heic", "IMG_1.HEIC").message).toMatch(/JPEG.*Most Compatible/);
    expect(new IngestError("heic", "a.avif", { brand: "avif" }).message).toMatch(/AVIF/);
    expect(new IngestError("too_large_bytes", "scan.tif", { bytes: 250e6, maxBytes: 200e6 }).message).toMatch(/250 MB.*200 MB/);
    expect(new IngestError("decode_failed", undefined).message).toMatch(/^This file could not be decoded/);
    for (const code of ["svg", "pdf", "gif"] as const) expect(new IngestError(code, "f").message).toMatch(/JPEG, PNG or WebP/);
  });
});

describe("fitting within a long edge", () => {
  it("keeps the aspect ratio, rounds, never enlarges and never reaches 0", () => {
    expect(fitWithin(3000, 1000, 2048)).toEqual({ width: 2048, height: 683 });
    expect(fitWithin(4000, 6000, 2048)).toEqual({ width: 1365, height: 2048 });
    expect(fitWithin(1200, 807, 2048)).toEqual({ width: 1200, height: 807 });
    expect(fitWithin(16000, 3, 320)).toEqual({ width: 320, height: 1 });
  });
});
