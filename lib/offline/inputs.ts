import "server-only";
import { LIMITS, type EndpointInput, type FieldError } from "../fal/schema";
import { isAcceptedImageType, sniffImageType } from "../images/sniff";
import type { FileStore } from "./storage";

/**
 * Reading a request's images, as the offline engine's stand-in for fal fetching them: inline ones
 * from their data URI, uploaded ones from its own file store. Anything it cannot use is an
 * InputError, answered as fal's 422 field error on the field that named it.
 */
export type Loc = (string | number)[];

export class InputError extends Error {
  constructor(
    message: string,
    readonly loc: Loc,
  ) {
    super(message);
  }

  get detail(): FieldError[] {
    return [{ loc: this.loc, msg: this.message, type: "value_error" }];
  }
}

export const IMAGE_LOC: Loc = ["body", "image_url"];
export const MASK_LOC: Loc = ["body", "mask_url"];

function acceptedImage(bytes: Buffer, loc: Loc): Buffer {
  if (!isAcceptedImageType(sniffImageType(bytes))) throw new InputError("The image is not a JPEG, PNG or WebP file", loc);
  return bytes;
}

function dataUriImage(url: string, loc: Loc): Buffer {
  return acceptedImage(Buffer.from(url.slice(url.indexOf(",") + 1), "base64"), loc);
}

/** Every image field of a validated input, with where a field error about it points. */
function imageFields(input: EndpointInput): [string, Loc][] {
  const list = (field: "reference_image_urls" | "reference_mask_urls" | "image_urls", urls: string[] = []) =>
    urls.map((url, i): [string, Loc] => [url, ["body", field, i]]);
  return [
    ...("image_url" in input ? [[input.image_url, IMAGE_LOC] as [string, Loc]] : []),
    ...("mask_url" in input ? [[input.mask_url, MASK_LOC] as [string, Loc]] : []),
    ...list("reference_image_urls", input.reference_image_urls),
    ...list("reference_mask_urls", input.reference_mask_urls),
    ...list("image_urls", input.image_urls),
  ];
}

/** Checks a submit's inline images now, so a broken one is refused rather than queued. */
export function checkInlineImages(input: EndpointInput): void {
  for (const [url, loc] of imageFields(input)) if (url.startsWith("data:")) dataUriImage(url, loc);
}

export type ImageLoader = (url: string, loc: Loc) => Promise<Buffer>;

export function imageLoader(files: FileStore): ImageLoader {
  return async (url, loc) => {
    if (url.startsWith("data:")) return dataUriImage(url, loc);
    const parsed = new URL(url, "http://engine.invalid");
    const name = /\/files\/([^/]+)$/.exec(parsed.pathname)?.[1];
    const stored = name ? await files.read(name) : null;
    if (!stored) {
      throw new InputError(`The offline engine can only read images uploaded to it or sent as data URIs; it cannot fetch ${parsed.host}`, loc);
    }
    return acceptedImage(stored.bytes, loc);
  };
}

export interface CharacterImages {
  reference: Buffer;
  mask?: Buffer;
  styleReferences: Buffer[];
}

/** The character (first reference and its mask) and the style references, within their byte budgets. */
export async function loadCharacter(load: ImageLoader, input: EndpointInput): Promise<CharacterImages> {
  const reference = await load(input.reference_image_urls[0]!, ["body", "reference_image_urls", 0]);
  const maskUrl = input.reference_mask_urls?.[0];
  const mask = maskUrl ? await load(maskUrl, ["body", "reference_mask_urls", 0]) : undefined;
  if (reference.length + (mask?.length ?? 0) > LIMITS.referenceTotalBytes) {
    throw new InputError("Character reference and mask exceed 10 MB in total", ["body", "reference_image_urls"]);
  }
  const styleReferences: Buffer[] = [];
  for (const [i, url] of (input.image_urls ?? []).entries()) styleReferences.push(await load(url, ["body", "image_urls", i]));
  if (styleReferences.reduce((sum, b) => sum + b.length, 0) > LIMITS.styleReferenceTotalBytes) {
    throw new InputError("Style references exceed 10 MB in total", ["body", "image_urls"]);
  }
  return { reference, mask, styleReferences };
}

/** The image edit and remix start from: an uploaded one is only measured here, once it is read. */
export async function loadSourceImage(load: ImageLoader, url: string): Promise<Buffer> {
  const bytes = await load(url, IMAGE_LOC);
  if (bytes.length > LIMITS.sourceImageBytes) {
    throw new InputError(`The source image is larger than ${LIMITS.sourceImageBytes / 1_000_000} MB`, IMAGE_LOC);
  }
  return bytes;
}
