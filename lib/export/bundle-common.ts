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

const MB = 1024 * 1024;

/** Sizes in bundle messages, in binary units (what a file manager shows for the limits). */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(bytes >= 10 * MB ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export const quote = (name: string) => `“${name.length > 120 ? `${name.slice(0, 117)}…` : name}”`;

/** The first few records `sanitizeProject` set aside, for a message. */
export function describeDropped(report: LoadReport): string {
  const shown = report.dropped.slice(0, 3).map((d) => `${d.what} (${d.why.replace(/^✖\s*/, "")})`);
  const more = report.dropped.length - shown.length;
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}

/** Hex SHA-256 via Web Crypto, or undefined where it is unavailable (an insecure context). */
export async function sha256Hex(data: Uint8Array): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = new Uint8Array(await subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
