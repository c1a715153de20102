import { concatTransformationMatrix, drawObject, PDFName, popGraphicsState, pushGraphicsState, type PDFDocument, type PDFPage, type PDFRef } from "pdf-lib";
import { passthroughPng, readPngChunks } from "./png-passthrough";
import { splitPng } from "./png-split";

/**
 * Panel images into the print PDF, each embedded once however many frames show it, by the fastest
 * faithful route: JPEG as it is; an opaque PNG's compressed pixels as they are (png-passthrough);
 * anything else through `transcode` when given (the worker re-encodes it natively as a JPEG on
 * white at quality 0.95: print has no transparency); without one (Node), a PNG with alpha is split
 * losslessly into colour and soft mask (png-split), and the rest goes through pdf-lib.
 */
export interface ComicImage {
  bytes: Uint8Array;
  type: "image/jpeg" | "image/png" | "image/webp";
  width: number;
  height: number;
}

/** Re-encodes an image the PDF cannot take as it is, as a JPEG. */
export type Transcode = (image: ComicImage) => Promise<ComicImage>;

export function imageEmbedder(doc: PDFDocument, images: ReadonlyMap<string, ComicImage>, transcode?: Transcode): (panelId: string) => Promise<PDFRef | null> {
  const embedded = new Map<string, Promise<PDFRef | null>>();
  const embed = async (image: ComicImage): Promise<PDFRef | null> => {
    if (image.type === "image/jpeg") return (await doc.embedJpg(image.bytes)).ref;
    const chunks = image.type === "image/png" ? readPngChunks(image.bytes) : null;
    const png = chunks && passthroughPng(chunks);
    if (png) {
      const stream = doc.context.stream(png.data, {
        Type: "XObject",
        Subtype: "Image",
        Width: png.width,
        Height: png.height,
        ColorSpace: png.colors === 3 ? "DeviceRGB" : "DeviceGray",
        BitsPerComponent: 8,
        Filter: "FlateDecode",
        DecodeParms: { Predictor: 15, Colors: png.colors, BitsPerComponent: 8, Columns: png.width },
      });
      return doc.context.register(stream);
    }
    // Natively decoded and re-encoded (the worker's canvas) is faster than any of this in JavaScript.
    if (transcode) return embed(await transcode(image));
    const split = chunks && splitPng(chunks);
    if (split) {
      const xobject = (data: Uint8Array, colors: 1 | 3, extra: Record<string, unknown> = {}) =>
        doc.context.register(
          doc.context.stream(data, { Type: "XObject", Subtype: "Image", Width: split.width, Height: split.height, ColorSpace: colors === 3 ? "DeviceRGB" : "DeviceGray", BitsPerComponent: 8, Filter: "FlateDecode", ...extra }),
        );
      return xobject(split.color, split.colors, split.alpha ? { SMask: xobject(split.alpha, 1) } : {});
    }
    return image.type === "image/png" ? (await doc.embedPng(image.bytes)).ref : null;
  };
  return (panelId) => {
    let pending = embedded.get(panelId);
    if (!pending) {
      const image = images.get(panelId);
      // An image that cannot be read prints as an empty frame, as a missing one does.
      pending = image ? embed(image).catch(() => null) : Promise.resolve(null);
      embedded.set(panelId, pending);
    }
    return pending;
  };
}

let names = 0;
/** Paints an embedded image into the rectangle (PDF coordinates, y up). */
export function paintImage(page: PDFPage, ref: PDFRef, x: number, y: number, width: number, height: number): void {
  const name = PDFName.of(`Im${++names}`);
  page.node.setXObject(name, ref);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, x, y), drawObject(name), popGraphicsState());
}
