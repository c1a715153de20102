import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { sniffAudioType } from "../animatic/audio-sniff";
import type { AcceptedImageType } from "../fal/schema";
import { isAcceptedImageType, sniffImageType } from "../images/sniff";
import { blobIdsIn, sanitizeProject, type ProjectDoc } from "../state/persistence";
import { PROJECT_NAME_MAX } from "../state/project-schema";
import { sha256Hex } from "../checksums";
import { formatBytes } from "../format-bytes";
import { BundleError, describeDropped } from "./bundle-common";
import {
  BUNDLE_APP,
  BUNDLE_FORMAT,
  BUNDLE_LIMITS,
  BUNDLE_VERSION,
  BUNDLE_VERSION_WITHOUT_AUDIO,
  audioPath,
  imagePath,
  MANIFEST_PATH,
  SAFE_FILE_ID,
  type BundleAudio,
  type BundleImage,
  type BundleManifest,
} from "./bundle-schema";
import { CHUNK, timeSlicer } from "./time-slice";
import { ExportCancelled, type ExportHooks } from "./types";

/** Writes project bundles (see `bundle-schema.ts` for the layout); `bundle-import.ts` reads them. */

export interface BundleExportHooks extends ExportHooks {
  /** Called once, before the bytes are returned, with the ids of images left out (see `exportBundle`). */
  onMissing?: (ids: string[]) => void;
}

export interface ProjectBundleInput {
  name: string;
  doc: ProjectDoc;
}

/**
 * Writes a project and every image and sound it refers to (`blobIdsIn`: references, thumbnails,
 * masks, style references, every take kept, sound clips and the soundtrack) as a bundle.
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
  const audio: BundleAudio[] = [];
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
          `An image or sound in this project is ${formatBytes(blob.size)}; a bundle holds files up to ${formatBytes(limits.imageBytes)}. Replace or delete it, then export again.`,
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
      const audioType = isAcceptedImageType(type) ? null : sniffAudioType(data);
      const fileId = SAFE_FILE_ID.test(id) ? id : `_${index}`;
      if (!isAcceptedImageType(type) && !audioType) missing.push(id);
      else {
        const sha256 = await sha256Hex(data);
        const checksum = sha256 ? { sha256 } : {};
        const path = audioType ? audioPath(fileId, audioType) : imagePath(fileId, type as AcceptedImageType);
        if (audioType) audio.push({ id, path, type: audioType, bytes: data.length, ...checksum });
        else images.push({ id, path, type: type as AcceptedImageType, bytes: data.length, ...checksum });
        files.push({ path, data });
      }
    }
    onProgress?.({ done: index + 1, total: ids.length });
    await pause();
  }

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: audio.length ? BUNDLE_VERSION : BUNDLE_VERSION_WITHOUT_AUDIO,
    exportedAt: exportedAt.toISOString(),
    app: BUNDLE_APP,
    project: { name: project.name.slice(0, PROJECT_NAME_MAX), doc },
    images,
    audio,
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
