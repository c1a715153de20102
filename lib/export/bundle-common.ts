import type { LoadReport } from "../state/persistence";

/** What export and import of project bundles share: their error, and how their messages are worded. */

export type BundleErrorCode =
  /** Not a ZIP, or a ZIP cut short. */
  | "not_zip"
  /** A ZIP whose structure or contents are inconsistent (bad CRC, overlapping entries, short data). */
  | "damaged"
  /** ZIP features a bundle never uses: encryption, unknown compression, multi-part archives. */
  | "unsupported"
  | "too_large"
  | "too_many_entries"
  | "missing_manifest"
  | "bad_manifest"
  | "wrong_version"
  | "unsafe_path"
  | "duplicate_entry"
  | "missing_image"
  | "not_an_image"
  /** A file listed as sound whose bytes are not the WAV, MP3, OGG or M4A it claims. */
  | "not_audio"
  | "image_too_large"
  | "bad_project";

/** Why a bundle was refused (or could not be written). `message` is meant for the user as is. */
export class BundleError extends Error {
  readonly code: BundleErrorCode;
  /** The ZIP entry or image id concerned, when there is one. */
  readonly entry?: string;
  constructor(code: BundleErrorCode, message: string, entry?: string) {
    super(message);
    this.name = "BundleError";
    this.code = code;
    this.entry = entry;
  }
}

export const RETRY_EXPORT = "Export the project from Castboard again and import the new file.";

export const quote = (name: string) => `“${name.length > 120 ? `${name.slice(0, 117)}…` : name}”`;

/** The first few records `sanitizeProject` set aside, for a message. */
export function describeDropped(report: LoadReport): string {
  const shown = report.dropped.slice(0, 3).map((d) => `${d.what} (${d.why.replace(/^✖\s*/, "")})`);
  const more = report.dropped.length - shown.length;
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}
