"use client";
import "client-only";
import { listShares } from "./review-client";
import { savedShareLinks, type SavedShareLink } from "./share-links";

/** The link "Share for review" offers to publish to again, and the version that would be. */
export interface ShareTarget {
  link: SavedShareLink;
  /** Null when the server could not be asked (offline, signed out): "the next version". */
  nextVersion: number | null;
}

/**
 * The newest link this browser made for the project that still opens: one the server lists as
 * revoked, expired or gone is passed over. Without an answer from the server, the newest saved one.
 */
export async function lastShareTarget(projectId: string, now = Date.now()): Promise<ShareTarget | null> {
  const links = await savedShareLinks(projectId);
  if (links.length === 0) return null;
  const shares = await listShares(projectId).catch(() => null);
  if (!shares) return { link: links[0]!, nextVersion: null };
  for (const link of links) {
    const share = shares.find((s) => s.id === link.shareId);
    if (!share || share.revokedAt || (share.expiresAt && Date.parse(share.expiresAt) <= now)) continue;
    return { link, nextVersion: Math.max(0, ...share.versions.map((v) => v.number)) + 1 };
  }
  return null;
}
