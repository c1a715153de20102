import "server-only";
import { createHash } from "node:crypto";
import { AppError, ERROR_STATUS, isAppError } from "../../errors";
import { MemoryRateLimiter, type RateDecision, type RateLimiter } from "../../proxy/rate-limit";
import { RedisConnection } from "../../proxy/redis-connection";
import { RedisRateLimiter } from "../../proxy/redis-rate-limit";
import type { ReviewActivity, ReviewView } from "../../review/review-types";
import type { ServerConfig } from "../config";
import { getServices } from "../services";
import { getReviewStore } from "./review-services";
import { IMAGE_HASH } from "./snapshot-schema";
import type { Share } from "./review-store";

/**
 * What the review page's routes do, kept out of app/: a link opens its own board and nothing
 * else, every refusal is an `AppError` answer, and comments are rate-limited per client and per link.
 */
const unknownLink = () => new AppError("not_found", "This review link does not exist, was revoked, or has expired. Ask the author for a new one.");

/**
 * An `AppError` from any bundle: the review store is one per process and may have been made by
 * another bundle (instrumentation's, or another route's) with its own copy of the class.
 */
export function isRefusal(error: unknown): error is AppError {
  if (isAppError(error)) return true;
  const candidate = error as Partial<AppError> | null;
  return error instanceof Error && typeof candidate?.toResponse === "function" && typeof candidate.code === "string" && candidate.code in ERROR_STATUS;
}

/** Runs a route's work; a refusal becomes its JSON answer (storage_unavailable included). */
export async function answer(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (isRefusal(error)) return error.toResponse();
    throw error;
  }
}

export async function openLink(config: ServerConfig, token: string): Promise<{ share: Share; store: Awaited<ReturnType<typeof getReviewStore>> }> {
  const store = await getReviewStore(config);
  const share = await store.resolveToken(token);
  if (!share) throw unknownLink();
  return { share, store };
}

/**
 * Named by their content hash, review images never change: cached for a day privately (a revoked
 * link's images stop loading once the cache lets go).
 */
export const REVIEW_IMAGE_HEADERS = { "cache-control": "private, max-age=86400, immutable" } as const;

/** An image of this link's board, and only of it; null for an image the link does not show (or a malformed hash). */
export async function reviewImage(config: ServerConfig, token: string, hash: string) {
  if (!IMAGE_HASH.test(hash)) return null;
  const { share, store } = await openLink(config, token);
  return store.imageOfShare(share.id, hash);
}

/** `?version=N`: a whole number, or absent for the newest. */
export function versionParam(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new AppError("bad_request", `"version" must be a version number such as 1 or 2, got "${raw.slice(0, 20)}".`);
  return Number(raw);
}

/** The board a link opens, at one version, with its threads and every reviewer's statuses and verdict. */
export async function reviewView(config: ServerConfig, token: string, version: number | undefined): Promise<ReviewView> {
  const { share, store } = await openLink(config, token);
  // The stamp is read first: the activity read after it is as new or newer, so a poll with its ETag never misses a change.
  const shown = await store.activityStamp(share.id, version ?? null);
  if (!shown) throw noVersion(version);
  const [board, versions] = await Promise.all([store.getVersion(share.id, shown.version), store.listVersions(share.id)]);
  const activity = await activityOf(store, share.id, shown.version, versions);
  return {
    title: board.snapshot.title || share.projectName,
    version: { number: board.number, createdAt: board.createdAt.toISOString(), snapshot: board.snapshot },
    ...activity,
    activityEtag: activityEtag(shown),
  };
}

/**
 * What changes while a review is open (threads, statuses, verdicts, versions) without the board:
 * the page's poll. Its ETag comes from the store's activity stamp, so a poll that finds nothing
 * new costs two small queries and answers an empty 304.
 */
export async function readReviewActivity(config: ServerConfig, token: string, version: number, ifNoneMatch: string | null): Promise<Response> {
  const { share, store } = await openLink(config, token);
  const shown = await store.activityStamp(share.id, version);
  if (!shown) throw noVersion(version);
  const etag = activityEtag(shown);
  const headers = { "cache-control": "private, no-cache", etag };
  if (ifNoneMatch?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) return new Response(null, { status: 304, headers });
  const versions = await store.listVersions(share.id);
  return Response.json(await activityOf(store, share.id, version, versions), { headers });
}

const activityEtag = ({ version, stamp }: { version: number; stamp: string }) => `"${createHash("sha256").update(`${version}|${stamp}`).digest("base64url").slice(0, 27)}"`;

type Store = Awaited<ReturnType<typeof getReviewStore>>;

async function activityOf(store: Store, shareId: string, version: number, versions: { number: number; createdAt: Date }[]): Promise<ReviewActivity> {
  const [state, comments] = await Promise.all([store.reviewState(shareId), store.listComments(shareId, version)]);
  return {
    versions: versions.map(({ number, createdAt }) => ({ number, createdAt: createdAt.toISOString() })),
    comments: comments.map(({ id, panelId, versionNumber, authorName, body, createdAt, resolvedAt, parentId, fromAuthor }) => ({
      id,
      panelId,
      versionNumber,
      authorName,
      body,
      createdAt: createdAt.toISOString(),
      resolvedAt: resolvedAt?.toISOString() ?? null,
      parentId,
      fromAuthor,
    })),
    statuses: state.statuses.map(({ panelId, reviewerName, status, versionNumber, updatedAt }) => ({ panelId, reviewerName, status, versionNumber, updatedAt: updatedAt.toISOString() })),
    verdicts: state.verdicts.map(({ reviewerName, verdict, versionNumber, updatedAt }) => ({ reviewerName, verdict, versionNumber, updatedAt: updatedAt.toISOString() })),
  };
}

const noVersion = (version: number | undefined) =>
  new AppError("not_found", version === undefined ? "This board has no published version yet." : `Version ${version} of this board was not found: pick one from the version list.`);

interface ReviewLimiters {
  perClient: RateLimiter;
  perLink: RateLimiter;
  statusesPerClient: RateLimiter;
}
const SLOT = Symbol.for("castboard.review-comment-limits");
type Holder = { [SLOT]?: ReviewLimiters };

/**
 * A reviewer may post 10 comments in a row, then one every 6 s; a link takes 120 in a row, then
 * two a second from everyone together. Statuses are clicks through a board: 120 in a row, then
 * five a second. Shared through Redis when the instances share one (keys apart from the proxy's
 * own limit, which counts other calls).
 */
function reviewLimiters(config: ServerConfig): ReviewLimiters {
  const holder = globalThis as Holder;
  if (holder[SLOT]) return holder[SLOT];
  const store = getServices(config).store;
  const limiter = (burst: number, perSecond: number): RateLimiter => {
    const memory = new MemoryRateLimiter(burst, perSecond);
    return store instanceof RedisConnection ? new RedisRateLimiter(store, burst, perSecond, memory) : memory;
  };
  holder[SLOT] = { perClient: limiter(10, 1 / 6), perLink: limiter(120, 2), statusesPerClient: limiter(120, 5) };
  return holder[SLOT];
}

/**
 * Comments are limited per client before the link is looked up (a flood of made-up links costs no
 * query), and per link once it is known.
 */
export async function limitCommentByClient(config: ServerConfig, client: string): Promise<void> {
  refuseWhenOver(await reviewLimiters(config).perClient.consume(`review-comment:${client}`), "comments");
}

export async function limitCommentByLink(config: ServerConfig, shareId: string): Promise<void> {
  refuseWhenOver(await reviewLimiters(config).perLink.consume(`review-link:${shareId}`), "comments");
}

/** Statuses and verdicts, per client, before the link is looked up. */
export async function limitStatusByClient(config: ServerConfig, client: string): Promise<void> {
  refuseWhenOver(await reviewLimiters(config).statusesPerClient.consume(`review-status:${client}`), "approvals");
}

function refuseWhenOver(decision: RateDecision, what: string): void {
  if (decision.allowed) return;
  throw new AppError("rate_limited", `Too many ${what} at once: wait ${decision.retryAfterSeconds} s and send it again (nothing you wrote is lost).`, {
    headers: { "retry-after": String(decision.retryAfterSeconds) },
    extra: { retry_after_seconds: decision.retryAfterSeconds },
  });
}
