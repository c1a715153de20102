import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildComicPdf } from "@/lib/comic/export/comic-pdf";
import { passthroughPng, readPngChunks } from "@/lib/comic/export/png-passthrough";
import { readComicFont } from "../support/comic-fonts";
import { sampleComic } from "../support/comic-fixtures";

const fonts = { dialogue: readComicFont("dialogue"), display: readComicFont("display") };

/** Left half red, right half blue, opaque; `alpha` keeps an alpha channel (still opaque). */
async function halves(width: number, height: number, alpha: boolean): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(x < width / 2 ? [220, 30, 30] : [30, 60, 220], (y * width + x) * 3);
  const img = sharp(raw, { raw: { width, height, channels: 3 } });
  return new Uint8Array(await (alpha ? img.ensureAlpha() : img).png().toBuffer());
}

/** The pixels pdf.js decodes for each image painted on page `n`. */
async function decodedImages(bytes: Uint8Array, n: number): Promise<{ width: number; height: number; data: Uint8ClampedArray; kind: number }[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  const page = await doc.getPage(n);
  const ops = await page.getOperatorList();
  const names = ops.fnArray.flatMap((fn, i) => (fn === OPS.paintImageXObject ? [ops.argsArray[i]![0] as string] : []));
  const out = await Promise.all(names.map((name) => new Promise<{ width: number; height: number; data: Uint8ClampedArray; kind: number }>((resolve) => page.objs.get(name, resolve))));
  await doc.destroy();
  return out;
}

describe("panel images in the print PDF", () => {
  it("an opaque PNG's compressed pixels go in as they are, and decode to the same picture", async () => {
    const png = await halves(64, 32, false);
    const parsed = passthroughPng(readPngChunks(png)!)!;
    expect(parsed).toMatchObject({ width: 64, height: 32, colors: 3 });
    const comic = sampleComic();
    const pdf = await buildComicPdf({ title: "t", comic, images: new Map([["p1", { bytes: png, type: "image/png", width: 64, height: 32 }]]), cropMarks: false, fonts });
    // The IDAT stream is in the file byte for byte: nothing was decoded and compressed again.
    expect(Buffer.from(pdf).indexOf(Buffer.from(parsed.data))).toBeGreaterThan(0);
    const [image] = await decodedImages(pdf, 1);
    expect([image!.width, image!.height]).toEqual([64, 32]);
    const channels = image!.data.length / (64 * 32);
    const at = (x: number, y: number) => Array.from(image!.data.subarray((y * 64 + x) * channels, (y * 64 + x) * channels + 3));
    expect(at(5, 10)).toEqual([220, 30, 30]);
    expect(at(60, 20)).toEqual([30, 60, 220]);
  });

  it("PNGs with an alpha channel are not passed through that way, and JPEGs are not PNGs", async () => {
    expect(passthroughPng(readPngChunks(await halves(8, 8, true))!)).toBeNull();
    expect(readPngChunks(new Uint8Array(await sharp(Buffer.from(await halves(8, 8, false))).jpeg().toBuffer()))).toBeNull();
  });

  it("a PNG with transparency keeps it, losslessly: colour and a soft mask", async () => {
    // Left half clear, right half opaque blue, every row through a different PNG filter.
    const [w, h] = [40, 20];
    const raw = Buffer.alloc(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(x < w / 2 ? [0, 0, 0, 0] : [30, 60, 220, 255], (y * w + x) * 4);
    const png = new Uint8Array(await sharp(raw, { raw: { width: w, height: h, channels: 4 } }).png({ adaptiveFiltering: true }).toBuffer());
    const pdf = await buildComicPdf({ title: "t", comic: sampleComic(), images: new Map([["p1", { bytes: png, type: "image/png", width: w, height: h }]]), cropMarks: false, fonts });
    const [image] = await decodedImages(pdf, 1);
    expect(image!.data.length).toBe(w * h * 4);
    const at = (x: number, y: number) => Array.from(image!.data.subarray((y * w + x) * 4, (y * w + x) * 4 + 4));
    expect(at(3, 5)[3]).toBe(0);
    expect(at(30, 15)).toEqual([30, 60, 220, 255]);
  });

  it("what the PDF cannot take as it is (WebP) goes through the transcoder when there is one", async () => {
    const webp = new Uint8Array(await sharp(Buffer.from(await halves(16, 16, false))).webp().toBuffer());
    const jpeg = new Uint8Array(await sharp(Buffer.from(webp)).jpeg().toBuffer());
    const seen: string[] = [];
    const pdf = await buildComicPdf({
      title: "t",
      comic: sampleComic(),
      images: new Map([["p1", { bytes: webp, type: "image/webp", width: 16, height: 16 }]]),
      cropMarks: false,
      fonts,
      transcode: async (image) => {
        seen.push(image.type);
        return { bytes: jpeg, type: "image/jpeg", width: 16, height: 16 };
      },
    });
    expect(seen).toEqual(["image/webp"]);
    expect(Buffer.from(pdf).indexOf(Buffer.from(jpeg.subarray(0, 64)))).toBeGreaterThan(0);
  });
});
