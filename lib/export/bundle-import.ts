import { AUDIO_TYPE_NAMES, describeNonAudio, sniffAudioType } from "../animatic/audio-sniff";
import { isAcceptedImageType, sniffImageType, type SniffedKind } from "../images/sniff";
import { asRecord, blobIdsIn, sanitizeProject, STATE_VERSION, type ProjectDoc } from "../state/persistence";
import { PanelSchema } from "../state/panel-schema";
import { CharacterSchema } from "../state/schema";
import { sha256Hex } from "../checksums";
import { formatBytes } from "../format-bytes";
import { BundleError, describeDropped, quote, RETRY_EXPORT } from "./bundle-common";
import {
  BUNDLE_FORMAT,
  BUNDLE_LIMITS,
  BUNDLE_VERSION,
  BundleManifestSchema,
  AUDIO_DIR,
  IMAGE_DIR,
  MANIFEST_PATH,
  type BundleAudio,
  type BundleImage,
  type BundleLimits,
  type BundleManifest,
} from "./bundle-schema";
import { timeSlicer } from "./time-slice";
import { readEntry, readZipDirectory, unsafePathReason, type ZipEntry } from "./zip-reader";

/**
 * Reads project bundles written by `exportBundle`. Reading validates the whole bundle and returns
 * plain data; it writes nothing, so a caller that stores the result only after it returns never
 * keeps half a bad import.
 */

export interface ReadBundleResult {
  name: string;
  doc: ProjectDoc;
  /** Every image and sound file the document refers to and the bundle holds, by the blob id the document uses. */
  images: Map<string, Blob>;
  /** Ids the document refers to that were already missing when the bundle was exported. */
  missing: string[];
  exportedAt: string;
}

export interface ReadBundleOptions {
  /** Lower limits (tests); the defaults are the documented maxima. */
  limits?: Partial<BundleLimits>;
}

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

const isAudio = (file: BundleImage | BundleAudio): file is BundleAudio => file.path.startsWith(AUDIO_DIR);

/** The file's size and (when recorded) checksum are the ones written at export. */
async function checkStored(file: BundleImage | BundleAudio, data: Uint8Array): Promise<void> {
  if (data.length !== file.bytes) {
    throw new BundleError(
      "damaged",
      `${quote(file.path)} in this bundle is ${formatBytes(data.length)}, not the ${formatBytes(file.bytes)} project.json records, so the bundle is damaged. ${RETRY_EXPORT}`,
      file.path,
    );
  }
  if (file.sha256) {
    const actual = await sha256Hex(data);
    if (actual && actual !== file.sha256) {
      throw new BundleError(
        "damaged",
        `${quote(file.path)} in this bundle does not match the checksum recorded when it was exported, so the bundle was damaged or altered. ${RETRY_EXPORT}`,
        file.path,
      );
    }
  }
}

/**
 * Checks a bundle through and through and returns its project and images; writes nothing.
 * Throws `BundleError` (see `BundleErrorCode`) with a message for the user on the first problem.
 *
 * Order: file size; ZIP structure (entry count, truncation, overlaps); every entry name (zip-slip,
 * duplicates); declared sizes against the limits (before inflating anything); project.json
 * (JSON, format, version, schema); the project document (`sanitizeProject` must keep everything);
 * every image and sound the document uses (listed, present, within limits, CRC, size, SHA-256
 * when recorded, JPEG/PNG/WebP or WAV/MP3/OGG/M4A by its bytes and of the listed type). Listed images the document does
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
    if ((entry.name.startsWith(IMAGE_DIR) || entry.name.startsWith(AUDIO_DIR)) && entry.size > limits.imageBytes) {
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

  const listed = new Map<string, BundleImage | BundleAudio>();
  for (const image of [...manifest.images, ...manifest.audio]) {
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
    if (isAudio(image)) {
      const sound = sniffAudioType(data);
      if (sound !== image.type) {
        throw new BundleError(
          "not_audio",
          `${quote(image.path)} in this bundle is ${sound ? AUDIO_TYPE_NAMES[sound] : describeNonAudio(data)}, but project.json says it is ${AUDIO_TYPE_NAMES[image.type]}, so the bundle is damaged. ${RETRY_EXPORT}`,
          image.path,
        );
      }
      await checkStored(image, data);
      images.set(id, new Blob([data as Uint8Array<ArrayBuffer>], { type: sound }));
      await pause();
      continue;
    }
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
    await checkStored(image, data);
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
