import "client-only";
import { createStore, del, get, keys, set, type UseStore } from "idb-keyval";

/**
 * Images live as Blobs in their own IndexedDB store, never inside the JSON state.
 * Ids carry their creation time so garbage collection can spare blobs still being attached.
 */
let store: UseStore | undefined;
const blobs = () => (store ??= createStore("castboard-blobs", "blobs"));

export function newBlobId(now = Date.now()): string {
  return `${now.toString(36)}-${crypto.randomUUID()}`;
}

function createdAt(id: string): number {
  return parseInt(id.split("-")[0] ?? "", 36) || 0;
}

export async function putBlob(blob: Blob): Promise<string> {
  const id = newBlobId();
  await set(id, blob, blobs());
  return id;
}

export async function getBlob(id: string): Promise<Blob | undefined> {
  return get<Blob>(id, blobs());
}

export async function deleteBlobs(ids: Iterable<string>): Promise<void> {
  await Promise.all([...ids].map((id) => del(id, blobs())));
}

/** Deletes blobs nothing refers to, except those younger than `graceMs` (maybe not yet referenced). */
export async function collectGarbage(referenced: Set<string>, graceMs = 60_000, now = Date.now()): Promise<number> {
  const orphans = (await keys<string>(blobs())).filter((id) => !referenced.has(id) && now - createdAt(id) > graceMs);
  await deleteBlobs(orphans);
  return orphans.length;
}
