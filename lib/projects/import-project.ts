"use client";
import "client-only";
import { BundleError } from "../export/bundle-common";
import { readBundle } from "../export/bundle-import";
import { MAX_BUNDLE_BYTES } from "../export/bundle-schema";
import { formatBytes } from "../format-bytes";
import type { ProjectDoc } from "../state/persistence";
import type { ProjectMeta } from "../state/project-schema";
import { createProjectRecord, openProject } from "../state/sync";
import { deleteBlobs, putBlob } from "../storage/blob-store";
import { uniqueProjectName } from "./projects";

/** Gives every image reference its new id, wherever it sits in the document. */
export function remapBlobIds<T>(value: T, ids: Map<string, string>): T {
  if (Array.isArray(value)) return value.map((item) => remapBlobIds(item, ids)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, key === "blobId" && typeof item === "string" ? (ids.get(item) ?? item) : remapBlobIds(item, ids)]),
    ) as T;
  }
  return value;
}

/**
 * Imports a project bundle as a new project (never over an existing one). The bundle is fully
 * validated before anything is written; if writing fails halfway, what was written is removed.
 */
export async function importProjectBundle(file: Blob): Promise<{ meta: ProjectMeta; missing: number }> {
  // Refused before it is read into memory.
  if (file.size > MAX_BUNDLE_BYTES) {
    throw new BundleError("too_large", `The file is ${formatBytes(file.size)}; a project bundle can be at most ${formatBytes(MAX_BUNDLE_BYTES)}.`);
  }
  const { name, doc, images, missing } = await readBundle(new Uint8Array(await file.arrayBuffer()));
  const written: string[] = [];
  try {
    const ids = new Map<string, string>();
    for (const [oldId, blob] of images) {
      const id = await putBlob(blob);
      written.push(id);
      ids.set(oldId, id);
    }
    const meta = await createProjectRecord(uniqueProjectName(name), remapBlobIds<ProjectDoc>(doc, ids));
    await openProject(meta.id);
    return { meta, missing: missing.length };
  } catch (error) {
    await deleteBlobs(written).catch(() => undefined);
    throw error;
  }
}
