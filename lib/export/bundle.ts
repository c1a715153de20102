import { Inflate, strFromU8, strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { isAcceptedImageType, sniffImageType, type SniffedKind } from "../images/sniff";
import { asRecord, blobIdsIn, sanitizeProject, STATE_VERSION, type LoadReport, type ProjectDoc } from "../state/persistence";
import { PanelSchema } from "../state/panel-schema";
import { PROJECT_NAME_MAX } from "../state/project-schema";
import { CharacterSchema } from "../state/schema";
import {
  BUNDLE_APP,
  BUNDLE_FORMAT,
  BUNDLE_LIMITS,
  BUNDLE_VERSION,
  BundleManifestSchema,
  IMAGE_DIR,
  imagePath,
  MANIFEST_PATH,
  SAFE_FILE_ID,
  type BundleImage,
  type BundleLimits,
  type BundleManifest,
} from "./bundle-schema";
import { ExportCancelled, type ExportHooks } from "./types";

/**
 * Project bundles (see `bundle-schema.ts` for the layout): written by `exportBundle`, checked by
 * `readBundle`. Reading validates the whole bundle and returns plain data; it writes nothing, so a
 * caller that stores the result only after it returns never keeps half a bad import.
 *
 * The ZIP container is read by hand (the central directory, then each entry's local header)
 * rather than with fflate's `unzip`, because `unzip` returns an object (duplicate names collapse
 * silently), does not check CRCs, quietly cuts short a stored entry that runs past the end of the
 * file and, given a declared size, quietly truncates a deflated entry that inflates to more. Here
 * every declared size is checked against the limits before anything is inflated, inflation is
 * streamed and stops as soon as an entry produces more than it declared, and every entry read is
 * checked against its CRC-32. fflate does the DEFLATE work and writes the archive.
 */

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

export interface BundleExportHooks extends ExportHooks {
  /** Called once, before the bytes are returned, with the ids of images left out (see `exportBundle`). */
  onMissing?: (ids: string[]) => void;
}

export interface ProjectBundleInput {
  name: string;
  doc: ProjectDoc;
}

export interface ReadBundleResult {
  name: string;
  doc: ProjectDoc;
  /** Every image the document refers to and the bundle holds, by the blob id the document uses. */
  images: Map<string, Blob>;
  /** Ids the document refers to that were already missing when the bundle was exported. */
  missing: string[];
  exportedAt: string;
}

export interface ReadBundleOptions {
  /** Lower limits (tests); the defaults are the documented maxima. */
  limits?: Partial<BundleLimits>;
}

const MB = 1024 * 1024;
/** Bytes hashed, copied or inflated between two checks of the clock. */
const CHUNK = 1024 * 1024;
/** Compressed bytes pushed to the inflater at a time: bounds what one push can produce (~1000:1). */
const INFLATE_CHUNK = 16 * 1024;
/** Longest stretch of work before giving the event loop a turn. */
const SLICE_MS = 12;

const RETRY_EXPORT = "Export the project from Castboard again and import the new file.";

function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(bytes >= 10 * MB ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

const quote = (name: string) => `“${name.length > 120 ? `${name.slice(0, 117)}…` : name}”`;

// ---------------------------------------------------------------------------------------------
// Cooperative scheduling

const clock = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Returns a function to call between chunks of work: it yields once a time slice is used up. */
function timeSlicer(): () => Promise<void> {
  let sliceStart = clock();
  return async () => {
    if (clock() - sliceStart < SLICE_MS) return;
    await yieldToEventLoop();
    sliceStart = clock();
  };
}

// ---------------------------------------------------------------------------------------------
// Checksums

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

async function crc32(data: Uint8Array, pause: () => Promise<void>): Promise<number> {
  let crc = -1;
  for (let start = 0; start < data.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, data.length);
    for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
    await pause();
  }
  return (crc ^ -1) >>> 0;
}

/** Hex SHA-256 via Web Crypto, or undefined where it is unavailable (an insecure context). */
async function sha256Hex(data: Uint8Array): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = new Uint8Array(await subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---------------------------------------------------------------------------------------------
// Export

function describeDropped(report: LoadReport): string {
  const shown = report.dropped.slice(0, 3).map((d) => `${d.what} (${d.why.replace(/^✖\s*/, "")})`);
  const more = report.dropped.length - shown.length;
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}

/**
 * Writes a project and every image it refers to (`blobIdsIn`: references, thumbnails, masks,
 * style references, every take kept) as a bundle.
 *
 * - Images are stored uncompressed (they are JPEG/PNG/WebP already); project.json is deflated.
 * - An image that `readBlob` does not find, or whose stored bytes are not a JPEG, PNG or WebP,
 *   is left out and its id listed in project.json `missing`, so one lost image never blocks a
 *   backup; `hooks.onMissing` receives the list so the caller can say so. On import such ids are
 *   accepted and reported (the project had lost them already); any other unlisted id is refused.
 *   A `readBlob` that throws (storage error) fails the export.
 * - Throws `BundleError` when the document does not validate ("bad_project": such a bundle could
 *   not be imported) or the bundle would exceed the limits ("too_large", "image_too_large",
 *   "too_many_entries"), and `ExportCancelled` when `hooks.signal` aborts.
 * - Progress is reported per image; work is cut into time slices so the page stays responsive.
 */
export async function exportBundle(
  project: ProjectBundleInput,
  readBlob: (id: string) => Promise<Blob | undefined>,
  hooks: BundleExportHooks = {},
): Promise<Uint8Array> {
  const { signal, onProgress } = hooks;
  const checkCancelled = () => {
    if (signal?.aborted) throw new ExportCancelled();
  };
  checkCancelled();
  const limits = BUNDLE_LIMITS;

  const { doc, report } = sanitizeProject(project.doc, "The project");
  if (report.dropped.length) {
    throw new BundleError(
      "bad_project",
      `This project can't be exported because part of it is invalid: ${describeDropped(report)}. Fix or remove it, then export again.`,
    );
  }
  const ids = [...blobIdsIn(doc)];
  if (ids.length + 1 > limits.entries) {
    throw new BundleError(
      "too_many_entries",
      `This project uses ${ids.length.toLocaleString("en")} images; a bundle holds at most ${(limits.entries - 1).toLocaleString("en")}. Delete unused takes, then export again.`,
    );
  }

  const pause = timeSlicer();
  const exportedAt = new Date();
  const images: BundleImage[] = [];
  const files: { path: string; data: Uint8Array }[] = [];
  const missing: string[] = [];
  let totalBytes = 0;
  onProgress?.({ done: 0, total: ids.length });
  for (const [index, id] of ids.entries()) {
    checkCancelled();
    const blob = await readBlob(id);
    checkCancelled();
    if (!blob) missing.push(id);
    else {
      if (blob.size > limits.imageBytes) {
        throw new BundleError(
          "image_too_large",
          `An image in this project is ${formatBytes(blob.size)}; a bundle holds images up to ${formatBytes(limits.imageBytes)}. Replace or delete that image, then export again.`,
          id,
        );
      }
      totalBytes += blob.size;
      if (totalBytes > limits.bundleBytes) {
        throw new BundleError(
          "too_large",
          `This project's images add up to more than ${formatBytes(limits.bundleBytes)}, the most a bundle can hold. Delete unused takes, then export again.`,
        );
      }
      const data = new Uint8Array(await blob.arrayBuffer());
      checkCancelled();
      const type = sniffImageType(data);
      if (!isAcceptedImageType(type)) missing.push(id);
      else {
        const sha256 = await sha256Hex(data);
        const path = imagePath(SAFE_FILE_ID.test(id) ? id : `_${index}`, type);
        images.push({ id, path, type, bytes: data.length, ...(sha256 ? { sha256 } : {}) });
        files.push({ path, data });
      }
    }
    onProgress?.({ done: index + 1, total: ids.length });
    await pause();
  }

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: exportedAt.toISOString(),
    app: BUNDLE_APP,
    project: { name: project.name.slice(0, PROJECT_NAME_MAX), doc },
    images,
    missing,
  };
  const json = strToU8(JSON.stringify(manifest));
  if (json.length > limits.manifestBytes) {
    throw new BundleError(
      "too_large",
      `This project's text and settings take ${formatBytes(json.length)}; a bundle allows ${formatBytes(limits.manifestBytes)}. Delete unused panels or takes, then export again.`,
    );
  }

  const chunks: Uint8Array[] = [];
  let failure = null as Error | null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  try {
    const manifestEntry = new ZipDeflate(MANIFEST_PATH, { level: 6 });
    manifestEntry.mtime = exportedAt;
    zip.add(manifestEntry);
    manifestEntry.push(json, true);
    for (const { path, data } of files) {
      const entry = new ZipPassThrough(path);
      entry.mtime = exportedAt;
      zip.add(entry);
      if (data.length === 0) entry.push(data, true);
      for (let start = 0; start < data.length; start += CHUNK) {
        entry.push(data.subarray(start, start + CHUNK), start + CHUNK >= data.length);
        await pause();
        checkCancelled();
      }
    }
    zip.end();
  } catch (error) {
    zip.terminate();
    throw error;
  }
  if (failure) throw failure;

  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  if (missing.length) hooks.onMissing?.(missing);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The ZIP container

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
  dataStart: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
/** Past 2^53 the value is meaningless, but it is far past every limit, which is all that matters. */
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 2 ** 32;

const NOT_ZIP = "This file is not a Castboard project bundle: it is not a ZIP archive. Choose the .castboard.zip file that Castboard exported.";
const TRUNCATED =
  "This bundle is incomplete: the end of the ZIP archive is missing, so it was probably cut short while downloading or copying. Download or copy it again, then import the new copy.";
const corrupt = (what: string) =>
  new BundleError("not_zip", `This bundle's ZIP structure is damaged (${what}), so it can't be read safely. ${RETRY_EXPORT}`);

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const last = bytes.length - 22;
  const first = Math.max(0, last - 0xffff);
  for (let at = last; at >= first; at--) {
    if (u32(bytes, at) === SIG_END && at + 22 + u16(bytes, at + 20) <= bytes.length) return at;
  }
  return -1;
}

/** Reads the central directory and each entry's local header; inflates nothing. */
function readZipDirectory(bytes: Uint8Array, limits: BundleLimits): ZipEntry[] {
  if (bytes.length < 22) throw new BundleError("not_zip", u32(bytes, 0) === SIG_LOCAL ? TRUNCATED : NOT_ZIP);
  const end = findEndOfCentralDirectory(bytes);
  if (end < 0) throw new BundleError("not_zip", u32(bytes, 0) === SIG_LOCAL ? TRUNCATED : NOT_ZIP);

  let disk = u16(bytes, end + 4);
  let cdDisk = u16(bytes, end + 6);
  let diskEntries = u16(bytes, end + 8);
  let count = u16(bytes, end + 10);
  let cdSize = u32(bytes, end + 12);
  let cdOffset = u32(bytes, end + 16);
  let cdLimit = end;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff || diskEntries === 0xffff) {
    const locator = end - 20;
    if (locator < 0 || u32(bytes, locator) !== SIG_ZIP64_LOCATOR) throw corrupt("its ZIP64 locator is missing");
    const record = u64(bytes, locator + 8);
    if (record + 56 > locator || u32(bytes, record) !== SIG_ZIP64_END) throw corrupt("its ZIP64 directory record is missing");
    disk = u32(bytes, record + 16);
    cdDisk = u32(bytes, record + 20);
    diskEntries = u64(bytes, record + 24);
    count = u64(bytes, record + 32);
    cdSize = u64(bytes, record + 40);
    cdOffset = u64(bytes, record + 48);
    cdLimit = record;
  }
  if (disk !== 0 || cdDisk !== 0 || diskEntries !== count) {
    throw new BundleError("unsupported", "This bundle is part of a multi-part (split) ZIP archive, which Castboard can't import. Use the single .castboard.zip file Castboard exported.");
  }
  if (count > limits.entries) {
    throw new BundleError(
      "too_many_entries",
      `This ZIP holds ${count.toLocaleString("en")} files; a Castboard bundle holds at most ${limits.entries.toLocaleString("en")}, so it was not made by Castboard and was not opened.`,
    );
  }
  if (cdOffset + cdSize > cdLimit) throw new BundleError("not_zip", TRUNCATED);

  const entries: ZipEntry[] = [];
  const cdEnd = cdOffset + cdSize;
  let at = cdOffset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > cdEnd || u32(bytes, at) !== SIG_CENTRAL) throw corrupt("its file list is cut short");
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    let compressedSize = u32(bytes, at + 20);
    let size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const startDisk = u16(bytes, at + 34);
    let headerOffset = u32(bytes, at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > cdEnd) throw corrupt("its file list is cut short");
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    // ZIP64: the fields set to all ones are in the 0x0001 extra field, in this order.
    if (size === 0xffffffff || compressedSize === 0xffffffff || headerOffset === 0xffffffff) {
      let found = false;
      for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; x += 4 + u16(bytes, x + 2)) {
        if (u16(bytes, x) !== 1) continue;
        let field = x + 4;
        if (size === 0xffffffff) {
          size = u64(bytes, field);
          field += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(bytes, field);
          field += 8;
        }
        if (headerOffset === 0xffffffff) headerOffset = u64(bytes, field);
        found = true;
        break;
      }
      if (!found) throw corrupt("an entry's ZIP64 sizes are missing");
    }
    if (startDisk !== 0 && startDisk !== 0xffff) throw new BundleError("unsupported", "This bundle is part of a multi-part (split) ZIP archive, which Castboard can't import.");
    // Bit 11: the name is UTF-8; otherwise it is read byte per character, as fflate does.
    const name = strFromU8(nameBytes, !(flags & 0x800));

    if (headerOffset + 30 > cdOffset || u32(bytes, headerOffset) !== SIG_LOCAL) throw corrupt(`the entry ${quote(name)} is not where the file list says`);
    const localNameLength = u16(bytes, headerOffset + 26);
    const localExtraLength = u16(bytes, headerOffset + 28);
    const localName = bytes.subarray(headerOffset + 30, headerOffset + 30 + localNameLength);
    if (localNameLength !== nameLength || localName.some((b, i) => b !== nameBytes[i])) {
      throw corrupt(`the entry ${quote(name)} has a different name in its own header`);
    }
    const dataStart = headerOffset + 30 + localNameLength + localExtraLength;
    if (dataStart + compressedSize > cdOffset) throw new BundleError("not_zip", TRUNCATED);
    entries.push({ name, flags, method, crc, compressedSize, size, headerOffset, dataStart });
    at = next;
  }

  // Entries whose data overlap are the trick of non-recursive zip bombs; a real archive never has them.
  const byOffset = [...entries].sort((a, b) => a.headerOffset - b.headerOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1]!;
    if (byOffset[i]!.headerOffset < previous.dataStart + previous.compressedSize) {
      throw corrupt(`the entries ${quote(previous.name)} and ${quote(byOffset[i]!.name)} overlap`);
    }
  }
  return entries;
}

/** Why an entry name could write outside the folder it is extracted to, or alias another; null if it is safe. */
function unsafePathReason(name: string): string | null {
  if (name.length === 0) return "it has no name";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it contains control characters";
  if (name.includes("\\")) return "it contains a backslash";
  if (name.startsWith("/")) return "it is an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "it starts with a drive letter";
  const segments = (name.endsWith("/") ? name.slice(0, -1) : name).split("/");
  if (segments.some((s) => s === "..")) return "it climbs out of the bundle with “..”";
  if (segments.some((s) => s === "" || s === ".")) return "it contains an empty or “.” folder name";
  return null;
}

/** An entry's bytes, decompressed and checked against its declared size and CRC. */
async function readEntry(bytes: Uint8Array, entry: ZipEntry, pause: () => Promise<void>): Promise<Uint8Array> {
  if (entry.flags & 0x1) {
    throw new BundleError("unsupported", `${quote(entry.name)} in this bundle is encrypted; Castboard bundles never are. ${RETRY_EXPORT}`, entry.name);
  }
  const raw = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) {
      throw new BundleError("damaged", `${quote(entry.name)} in this bundle is damaged: its stored size does not match its declared size. ${RETRY_EXPORT}`, entry.name);
    }
    data = raw;
  } else if (entry.method === 8) data = await inflateBounded(raw, entry, pause);
  else {
    throw new BundleError(
      "unsupported",
      `${quote(entry.name)} in this bundle uses a compression method (${entry.method}) Castboard can't read. Castboard bundles use only the standard one (Deflate). ${RETRY_EXPORT}`,
      entry.name,
    );
  }
  if ((await crc32(data, pause)) !== entry.crc) {
    throw new BundleError("damaged", `${quote(entry.name)} in this bundle is damaged: its checksum does not match. ${RETRY_EXPORT}`, entry.name);
  }
  return data;
}

/** Streams DEFLATE into a buffer of the declared size and stops the moment the entry would outgrow it. */
async function inflateBounded(input: Uint8Array, entry: ZipEntry, pause: () => Promise<void>): Promise<Uint8Array> {
  const out = new Uint8Array(entry.size);
  let length = 0;
  const tooBig = () =>
    new BundleError(
      "damaged",
      `${quote(entry.name)} in this bundle unpacks to more than the ${formatBytes(entry.size)} it declares, so the bundle is damaged or built to exhaust memory (a "zip bomb"). It was not opened.`,
      entry.name,
    );
  const inflater = new Inflate((chunk) => {
    if (length + chunk.length > out.length) throw tooBig();
    out.set(chunk, length);
    length += chunk.length;
  });
  try {
    if (input.length === 0) throw new Error("no data");
    for (let start = 0; start < input.length; start += INFLATE_CHUNK) {
      inflater.push(input.subarray(start, start + INFLATE_CHUNK), start + INFLATE_CHUNK >= input.length);
      await pause();
    }
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError("damaged", `${quote(entry.name)} in this bundle is damaged: it can't be decompressed. ${RETRY_EXPORT}`, entry.name);
  }
  if (length !== out.length) {
    throw new BundleError("damaged", `${quote(entry.name)} in this bundle is damaged: it is shorter than it declares. ${RETRY_EXPORT}`, entry.name);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Import

const KIND_NAMES: Partial<Record<SniffedKind, string>> = {
  "image/jpeg": "a JPEG",
  "image/png": "a PNG",
  "image/webp": "a WebP",
  "image/gif": "a GIF",
  "image/svg+xml": "an SVG",
  "application/pdf": "a PDF",
  "image/heic": "a HEIC/AVIF",
};
const kindName = (kind: SniffedKind) => KIND_NAMES[kind] ?? "an unrecognised file";

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.map(String).join(".");
  return where ? `${where}: ${issue.message}` : issue.message;
}


function parseManifest(text: string): BundleManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : "unreadable";
    throw new BundleError("bad_manifest", `This bundle's project.json is not valid JSON (${why}), so the bundle is damaged. ${RETRY_EXPORT}`, MANIFEST_PATH);
  }
  const record = asRecord(raw);
  if (!record || record.format !== BUNDLE_FORMAT) {
    throw new BundleError(
      "bad_manifest",
      "This ZIP's project.json does not describe a Castboard project, so it is not a Castboard project bundle. Choose the .castboard.zip file that Castboard exported.",
      MANIFEST_PATH,
    );
  }
  if (typeof record.version === "number" && record.version > BUNDLE_VERSION) {
    throw new BundleError(
      "wrong_version",
      `This bundle was made by a newer version of Castboard (bundle format ${record.version}; this version reads up to ${BUNDLE_VERSION}). Reload Castboard to update it, then import the bundle again.`,
      MANIFEST_PATH,
    );
  }
  const parsed = BundleManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BundleError("bad_manifest", `This bundle's project.json is damaged (${firstIssue(parsed.error)}). ${RETRY_EXPORT}`, MANIFEST_PATH);
  }
  return parsed.data;
}

/** Where exactly the first invalid character or panel fails, which `sanitizeProject`'s report leaves out. */
function firstInvalidItem(record: Record<string, unknown>): string | null {
  const lists: [string, unknown, typeof CharacterSchema | typeof PanelSchema][] = [
    ["character", record.characters, CharacterSchema],
    ["panel", record.panels, PanelSchema],
  ];
  for (const [label, list, schema] of lists) {
    if (!Array.isArray(list)) continue;
    for (const [index, item] of list.entries()) {
      const parsed = schema.safeParse(item);
      if (!parsed.success) return `${label} ${index + 1}, ${firstIssue(parsed.error)}`;
    }
  }
  return null;
}

function validateDoc(raw: unknown): ProjectDoc {
  const record = asRecord(raw);
  if (!record || typeof record.version !== "number" || !Array.isArray(record.characters) || !Array.isArray(record.panels)) {
    throw new BundleError("bad_project", `The project in this bundle is incomplete: it lacks its cast or its panels. Nothing was imported. ${RETRY_EXPORT}`);
  }
  if (record.version > STATE_VERSION) {
    throw new BundleError(
      "wrong_version",
      `The project in this bundle was saved by a newer version of Castboard (project version ${record.version}; this version reads up to ${STATE_VERSION}). Reload Castboard to update it, then import the bundle again.`,
    );
  }
  const { doc, report } = sanitizeProject(raw, "The project");
  if (report.dropped.length) {
    const detail = firstInvalidItem(record);
    throw new BundleError(
      "bad_project",
      `The project in this bundle is damaged: ${describeDropped(report)}${detail ? ` [${detail}]` : ""}. Nothing was imported, because importing only the valid parts would silently lose work. ${RETRY_EXPORT}`,
    );
  }
  return doc;
}

/**
 * Checks a bundle through and through and returns its project and images; writes nothing.
 * Throws `BundleError` (see `BundleErrorCode`) with a message for the user on the first problem.
 *
 * Order: file size; ZIP structure (entry count, truncation, overlaps); every entry name (zip-slip,
 * duplicates); declared sizes against the limits (before inflating anything); project.json
 * (JSON, format, version, schema); the project document (`sanitizeProject` must keep everything);
 * every image the document uses (listed, present, within limits, CRC, size, SHA-256 when
 * recorded, JPEG/PNG/WebP by its bytes and of the listed type). Listed images the document does
 * not use, and stray entries, are ignored (not inflated, not returned).
 */
export async function readBundle(bytes: Uint8Array, options: ReadBundleOptions = {}): Promise<ReadBundleResult> {
  const limits: BundleLimits = { ...BUNDLE_LIMITS, ...options.limits };
  const pause = timeSlicer();
  if (bytes.length > limits.bundleBytes) {
    throw new BundleError("too_large", `This file is ${formatBytes(bytes.length)}; Castboard imports bundles of up to ${formatBytes(limits.bundleBytes)}, so it was not opened.`);
  }

  const entries = readZipDirectory(bytes, limits);
  const byName = new Map<string, ZipEntry>();
  let declaredTotal = 0;
  for (const entry of entries) {
    const unsafe = unsafePathReason(entry.name);
    if (unsafe) {
      throw new BundleError(
        "unsafe_path",
        `This bundle contains a file named ${quote(entry.name)}, which is unsafe because ${unsafe}: such names can write outside the folder they are unpacked to. Castboard never writes them, so the bundle was not opened.`,
        entry.name,
      );
    }
    if (byName.has(entry.name)) {
      throw new BundleError(
        "duplicate_entry",
        `This bundle contains ${quote(entry.name)} twice, so it is ambiguous which copy is meant. Castboard never writes such bundles; it was not opened. ${RETRY_EXPORT}`,
        entry.name,
      );
    }
    byName.set(entry.name, entry);
    declaredTotal += entry.size;
  }
  if (declaredTotal > limits.bundleBytes) {
    throw new BundleError(
      "too_large",
      `This bundle would unpack to ${formatBytes(declaredTotal)}, more than the ${formatBytes(limits.bundleBytes)} Castboard allows, so it was not opened.`,
    );
  }
  for (const entry of entries) {
    if (entry.name.startsWith(IMAGE_DIR) && entry.size > limits.imageBytes) {
      throw new BundleError(
        "image_too_large",
        `The image ${quote(entry.name)} in this bundle is ${formatBytes(entry.size)}; Castboard accepts images up to ${formatBytes(limits.imageBytes)}, so the bundle was not opened.`,
        entry.name,
      );
    }
  }

  const manifestEntry = byName.get(MANIFEST_PATH);
  if (!manifestEntry) {
    throw new BundleError(
      "missing_manifest",
      "This ZIP has no project.json, so it is not a Castboard project bundle. Choose the .castboard.zip file that Castboard exported (if you unzipped and re-zipped it, zip the files themselves, not the folder holding them).",
    );
  }
  if (manifestEntry.size > limits.manifestBytes) {
    throw new BundleError(
      "too_large",
      `This bundle's project.json is ${formatBytes(manifestEntry.size)}; Castboard allows up to ${formatBytes(limits.manifestBytes)}, so the bundle was not opened.`,
      MANIFEST_PATH,
    );
  }
  const manifestBytes = await readEntry(bytes, manifestEntry, pause);
  const manifest = parseManifest(new TextDecoder().decode(manifestBytes));
  const doc = validateDoc(manifest.project.doc);

  const listed = new Map<string, BundleImage>();
  for (const image of manifest.images) {
    if (listed.has(image.id)) {
      throw new BundleError("bad_manifest", `This bundle's project.json lists the image ${quote(image.id)} twice, so the bundle is damaged. ${RETRY_EXPORT}`, image.id);
    }
    listed.set(image.id, image);
  }
  const declaredMissing = new Set(manifest.missing);
  const used = blobIdsIn(doc);
  for (const id of used) {
    if (!listed.has(id) && !declaredMissing.has(id)) {
      throw new BundleError(
        "missing_image",
        `The project in this bundle uses the image ${quote(id)}, which the bundle does not list, so the bundle is incomplete. ${RETRY_EXPORT}`,
        id,
      );
    }
  }
  for (const id of used) {
    const image = listed.get(id);
    if (image && !byName.has(image.path)) {
      throw new BundleError(
        "missing_image",
        `This bundle's project.json lists the image ${quote(image.path)}, but the bundle does not contain it, so the bundle is incomplete. ${RETRY_EXPORT}`,
        image.path,
      );
    }
  }

  const images = new Map<string, Blob>();
  for (const id of used) {
    const image = listed.get(id);
    if (!image) continue;
    const entry = byName.get(image.path)!;
    const data = await readEntry(bytes, entry, pause);
    const kind = sniffImageType(data);
    if (!isAcceptedImageType(kind)) {
      throw new BundleError(
        "not_an_image",
        `${quote(image.path)} in this bundle is ${kindName(kind)}, not a JPEG, PNG or WebP image, so the bundle was not opened. ${RETRY_EXPORT}`,
        image.path,
      );
    }
    if (kind !== image.type) {
      throw new BundleError(
        "not_an_image",
        `${quote(image.path)} in this bundle is ${kindName(kind)} image, but project.json says it is ${kindName(image.type)}, so the bundle is damaged. ${RETRY_EXPORT}`,
        image.path,
      );
    }
    if (data.length !== image.bytes) {
      throw new BundleError(
        "damaged",
        `${quote(image.path)} in this bundle is ${formatBytes(data.length)}, not the ${formatBytes(image.bytes)} project.json records, so the bundle is damaged. ${RETRY_EXPORT}`,
        image.path,
      );
    }
    if (image.sha256) {
      const actual = await sha256Hex(data);
      if (actual && actual !== image.sha256) {
        throw new BundleError(
          "damaged",
          `${quote(image.path)} in this bundle does not match the checksum recorded when it was exported, so the bundle was damaged or altered. ${RETRY_EXPORT}`,
          image.path,
        );
      }
    }
    images.set(id, new Blob([data as Uint8Array<ArrayBuffer>], { type: kind }));
    await pause();
  }

  return {
    name: manifest.project.name,
    doc,
    images,
    missing: [...used].filter((id) => !listed.has(id)),
    exportedAt: manifest.exportedAt,
  };
}
