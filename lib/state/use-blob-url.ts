"use client";
import "client-only";
import { useEffect, useState } from "react";
import { getBlob } from "../storage/blob-store";

/**
 * Object URLs for stored blobs, shared between components and revoked when the last user goes.
 * The short delay before revoking avoids reloading an image that re-renders elsewhere at once.
 */
type Entry = { url: Promise<string | undefined>; users: number; timer?: ReturnType<typeof setTimeout> };
const cache = new Map<string, Entry>();

function acquire(blobId: string): Entry {
  let entry = cache.get(blobId);
  if (!entry) {
    entry = { url: getBlob(blobId).then((blob) => (blob ? URL.createObjectURL(blob) : undefined)), users: 0 };
    cache.set(blobId, entry);
  }
  clearTimeout(entry.timer);
  entry.users += 1;
  return entry;
}

function release(blobId: string): void {
  const entry = cache.get(blobId);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entry.timer = setTimeout(() => {
    cache.delete(blobId);
    void entry.url.then((url) => url && URL.revokeObjectURL(url));
  }, 2000);
}

export function useBlobUrl(blobId: string | undefined | null): string | undefined {
  const [resolved, setResolved] = useState<{ id: string; url: string | undefined; entry: Entry }>();
  useEffect(() => {
    if (!blobId) return;
    let live = true;
    const entry = acquire(blobId);
    void entry.url.then((url) => live && setResolved({ id: blobId, url, entry }));
    return () => {
      live = false;
      release(blobId);
    };
  }, [blobId]);
  // A URL held from an earlier visit to the same blob may have been revoked since: only the live entry's counts.
  return resolved && resolved.id === blobId && cache.get(blobId) === resolved.entry ? resolved.url : undefined;
}
