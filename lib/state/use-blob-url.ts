"use client";
import "client-only";
import { useEffect, useState } from "react";
import { getBlob } from "../storage/blob-store";

/**
 * Object URLs for stored blobs, shared between components and revoked when the last user goes.
 * The short delay before revoking avoids reloading an image that re-renders elsewhere at once.
 */
const cache = new Map<string, { url: Promise<string | undefined>; users: number; timer?: ReturnType<typeof setTimeout> }>();

function acquire(blobId: string): Promise<string | undefined> {
  let entry = cache.get(blobId);
  if (!entry) {
    entry = { url: getBlob(blobId).then((blob) => (blob ? URL.createObjectURL(blob) : undefined)), users: 0 };
    cache.set(blobId, entry);
  }
  clearTimeout(entry.timer);
  entry.users += 1;
  return entry.url;
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
  const [resolved, setResolved] = useState<{ id: string; url: string | undefined }>();
  useEffect(() => {
    if (!blobId) return;
    let live = true;
    void acquire(blobId).then((url) => live && setResolved({ id: blobId, url }));
    return () => {
      live = false;
      release(blobId);
    };
  }, [blobId]);
  return resolved && resolved.id === blobId ? resolved.url : undefined;
}
