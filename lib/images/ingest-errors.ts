import { formatBytes } from "../format-bytes";
import type { SniffedKind } from "./sniff";

/**
 * Why a file could not become a character reference. Each message names the file, says what
 * was wrong in plain words and what to do instead, because the person adding a character
 * usually cannot tell a HEIC from a JPEG by looking at it.
 */
export type IngestErrorCode =
  | "empty"
  | "not_an_image"
  | "svg"
  | "pdf"
  | "heic"
  | "gif"
  | "truncated"
  | "too_many_pixels"
  | "decode_failed"
  | "too_large_bytes";

export interface IngestErrorDetails {
  width?: number;
  height?: number;
  bytes?: number;
  maxMegapixels?: number;
  maxBytes?: number;
  /** The ISO-BMFF brand of a HEIF-family file, so an AVIF is not called an iPhone photo. */
  brand?: string;
}

const ACCEPTED = "Castboard takes JPEG, PNG or WebP";

const count = (n: number) => n.toLocaleString("en");
const megapixels = (pixels: number) => count(Number((pixels / 1e6).toFixed(1)));

function describe(code: IngestErrorCode, file: string, d: IngestErrorDetails): string {
  switch (code) {
    case "empty":
      return `${file} is empty (0 bytes). Pick the image file itself, not a shortcut to it.`;
    case "not_an_image":
      return `${file} is not an image Castboard can read: its contents are not JPEG, PNG or WebP, whatever its name says. Add a JPEG, PNG or WebP file.`;
    case "svg":
      return `${file} is an SVG, a vector drawing. ${ACCEPTED}: export it as PNG first, then add the PNG.`;
    case "pdf":
      return `${file} is a PDF document. ${ACCEPTED}: export the page as PNG or JPEG, then add that.`;
    case "heic":
      return d.brand === "avif"
        ? `${file} is an AVIF image. ${ACCEPTED}: export it as JPEG or PNG, then add that.`
        : `${file} is a HEIC photo, the iPhone's own format. ${ACCEPTED}: share or export it as JPEG (“Most Compatible”), then add that.`;
    case "gif":
      return `${file} is a GIF. ${ACCEPTED}: export one frame as PNG, then add that.`;
    case "truncated":
      return `${file} is cut short, probably by an incomplete download or copy. Download or copy it again, then add it.`;
    case "too_many_pixels": {
      const size = d.width && d.height ? `${count(d.width)} × ${count(d.height)} pixels (${megapixels(d.width * d.height)} megapixels)` : "too large";
      return `${file} is ${size}; Castboard accepts up to ${count(d.maxMegapixels ?? 100)} megapixels. Scale it down and try again.`;
    }
    case "decode_failed":
      return `${file} could not be decoded by the browser; it may be damaged. Open it in an image editor, save it again as JPEG or PNG, then add that.`;
    case "too_large_bytes": {
      const size = d.bytes ? formatBytes(d.bytes) : "too large";
      return `${file} is ${size}; Castboard accepts files up to ${formatBytes(d.maxBytes ?? 200e6)}. Save a smaller JPEG, PNG or WebP and try again.`;
    }
  }
}

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly fileName: string | undefined;
  readonly details: IngestErrorDetails;

  constructor(code: IngestErrorCode, fileName: string | undefined, details: IngestErrorDetails = {}, options?: { cause?: unknown }) {
    super(describe(code, fileName ? `“${fileName}”` : "This file", details), options);
    this.name = "IngestError";
    this.code = code;
    this.fileName = fileName;
    this.details = details;
  }
}

export function isIngestError(error: unknown): error is IngestError {
  return error instanceof IngestError;
}

/** The refusal for a sniffed kind, or null when the kind is one Castboard accepts. */
export function refusalForKind(kind: SniffedKind): IngestErrorCode | null {
  switch (kind) {
    case "image/jpeg":
    case "image/png":
    case "image/webp":
      return null;
    case "image/svg+xml":
      return "svg";
    case "application/pdf":
      return "pdf";
    case "image/heic":
      return "heic";
    case "image/gif":
      return "gif";
    case "unknown":
      return "not_an_image";
  }
}
