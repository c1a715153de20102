"use client";
import "client-only";
import { createStore, get, update, type UseStore } from "idb-keyval";

/**
 * The links this browser made, per project. The server keeps only a hash of each token, so the
 * link itself lives here: whoever shared a board can copy its link again; others see the share
 * without it. Also each share's last look, for the count of new comments.
 */
export interface SavedShareLink {
  shareId: string;
  /** The review page's full address. */
  url: string;
  createdAt: string;
}

let store: UseStore | undefined;
const links = () => (store ??= createStore("castboard-review-links", "links"));
const linksKey = (projectId: string) => `links:${projectId}`;
const lookKey = (shareId: string) => `look:${shareId}`;

export async function savedShareLinks(projectId: string): Promise<SavedShareLink[]> {
  return (await get<SavedShareLink[]>(linksKey(projectId), links())) ?? [];
}

export async function saveShareLink(projectId: string, link: SavedShareLink): Promise<void> {
  await update<SavedShareLink[]>(linksKey(projectId), (saved = []) => [link, ...saved.filter((s) => s.shareId !== link.shareId)], links());
}

/** When the author last looked at a share's comments (ISO time), or undefined for never. */
export async function lastLook(shareId: string): Promise<string | undefined> {
  return get<string>(lookKey(shareId), links());
}

export async function markLooked(shareId: string, at = new Date().toISOString()): Promise<void> {
  await update<string>(lookKey(shareId), () => at, links());
}
