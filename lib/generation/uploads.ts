"use client";
import "client-only";
import { createStore, get, set, type UseStore } from "idb-keyval";
import { sha256Hex } from "../checksums";
import type { GenerationMode } from "../state/panel-schema";
import { falClient } from "./fal-client";

/**
 * Each reference, mask and style image is uploaded once per content: the URL is cached by a
 * hash of the bytes (per mode and origin, since offline and fal storage differ), and parallel
 * requests for the same bytes share one upload.
 */
const TTL_MS = 12 * 60 * 60 * 1000;
let store: UseStore | undefined;
const uploads = () => (store ??= createStore("castboard-uploads", "urls"));
const inFlight = new Map<string, Promise<string>>();
/** Stored blobs never change, so within a session their id alone finds their upload. */
const byBlobId = new Map<string, { url: string; at: number }>();

export async function contentHash(blob: Blob): Promise<string> {
  const hash = await sha256Hex(await blob.arrayBuffer());
  // fal's client needs a secure context anyway; say so rather than cache every upload under one key.
  if (!hash) throw new Error("Uploading needs a secure context (https or localhost): Web Crypto is unavailable here.");
  return hash;
}

export async function uploadOnce(blob: Blob, mode: GenerationMode): Promise<string> {
  const key = `${mode}:${location.origin}:${await contentHash(blob)}`;
  const cached = await get<{ url: string; at: number }>(key, uploads()).catch(() => undefined);
  if (cached && Date.now() - cached.at < TTL_MS) return cached.url;
  const running = inFlight.get(key);
  if (running) return running;
  const upload = falClient()
    .then((fal) => fal.storage.upload(blob))
    // The offline engine answers with URLs relative to this page; the endpoint needs absolute ones.
    .then((answer) => new URL(answer, location.href).href)
    .then(async (url) => {
      await set(key, { url, at: Date.now() }, uploads()).catch(() => undefined);
      return url;
    })
    .finally(() => inFlight.delete(key));
  inFlight.set(key, upload);
  return upload;
}

/** A stored image by id: remembered for the session, then by content across sessions. */
export async function uploadStoredOnce(blobId: string, mode: GenerationMode, load: () => Promise<Blob>): Promise<string> {
  const key = `${mode}:${blobId}`;
  const known = byBlobId.get(key);
  if (known && Date.now() - known.at < TTL_MS) return known.url;
  const url = await uploadOnce(await load(), mode);
  byBlobId.set(key, { url, at: Date.now() });
  return url;
}
