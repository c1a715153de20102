import "server-only";
import { getServerConfig } from "../server/config";
import { isRefusal, reviewView, versionParam } from "../server/review/review-api";
import type { ReviewView } from "./review-types";

export type LoadedReview = { kind: "board"; view: ReviewView; notice: string | null; /** When it was read: relative times count from here until the first poll. */ readAt: number } | { kind: "not_found" } | { kind: "unavailable" };

/**
 * The review page's first paint: the same `reviewView` the GET route answers with. A version
 * that does not exist shows the newest with a note rather than a dead end; a link that does not
 * open is `not_found`; anything else the store cannot answer is `unavailable`, never a crash.
 */
export async function loadReviewPage(token: string, rawVersion: string | undefined): Promise<LoadedReview> {
  let requested: number | undefined;
  let notice: string | null = null;
  try {
    requested = versionParam(rawVersion ?? null);
  } catch {
    notice = `"${rawVersion?.slice(0, 20)}" is not a version number; this is the newest version.`;
  }
  const config = getServerConfig();
  const read = async (version: number | undefined) => {
    try {
      return await reviewView(config, token, version);
    } catch (error) {
      if (isRefusal(error) && error.code === "not_found") return null;
      throw error;
    }
  };
  try {
    let view = await read(requested);
    if (!view && requested !== undefined) {
      // The link may be fine and only that version unknown.
      view = await read(undefined);
      notice = `This board has no version ${requested}; this is the newest.`;
    }
    return view ? { kind: "board", view, notice, readAt: Date.now() } : { kind: "not_found" };
  } catch (error) {
    if (!isRefusal(error)) console.error("The review page could not be read:", error);
    return { kind: "unavailable" };
  }
}
