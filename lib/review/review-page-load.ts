import "server-only";
import { getServerConfig } from "../server/config";
import { answer, readReview, versionParam } from "../server/review/review-api";
import type { ReviewView } from "./review-types";

export type LoadedReview = { kind: "board"; view: ReviewView; notice: string | null; /** When it was read: relative times count from here until the first poll. */ readAt: number } | { kind: "not_found" } | { kind: "unavailable" };

/**
 * The review page's first paint, read from the store through the same `readReview` as the GET
 * route (one answer for both). A version that does not exist shows the newest with a note rather
 * than a dead end; a link that does not open is `not_found`; anything else the store cannot
 * answer is `unavailable`, never a crash.
 */
export async function loadReviewPage(token: string, rawVersion: string | undefined): Promise<LoadedReview> {
  let requested: number | undefined;
  let notice: string | null = null;
  try {
    requested = versionParam(rawVersion ?? null);
  } catch {
    notice = `"${rawVersion?.slice(0, 20)}" is not a version number; this is the newest version.`;
  }
  try {
    const config = getServerConfig();
    let response = await answer(() => readReview(config, token, requested));
    if (response.status === 404 && requested !== undefined) {
      // The link may be fine and only that version unknown.
      response = await answer(() => readReview(config, token, undefined));
      notice = `This board has no version ${requested}; this is the newest.`;
    }
    if (response.status === 404) return { kind: "not_found" };
    if (!response.ok) return { kind: "unavailable" };
    return { kind: "board", view: (await response.json()) as ReviewView, notice, readAt: Date.now() };
  } catch (error) {
    console.error("The review page could not be read:", error);
    return { kind: "unavailable" };
  }
}
