"use client";
import "client-only";
import { create } from "zustand";
import { getShare, listShares, replyToComment, resolveComment, revokeShare, ReviewRequestError } from "./review-client";
import { detailIsStale, lookAt, newSinceLook, openCommentsByPanel } from "./review-feed-model";
import type { ShareDetail, ShareSummary } from "./review-types";
import { lastLook, markLooked, savedShareLinks, type SavedShareLink } from "./share-links";

/**
 * The author's review feed for the open project: the shares, each share's detail, this browser's
 * links and last looks. One poller keeps it fresh every few seconds while the page is visible,
 * slows down while the server refuses, and stops when nothing watches it.
 */
export type FeedProblem = { kind: "unavailable" | "signed-out" | "failed"; message: string };

export interface ReviewFeedState {
  projectId: string | null;
  /** True once the first answer for this project came back. */
  loaded: boolean;
  shares: ShareSummary[];
  details: Record<string, ShareDetail>;
  links: Record<string, SavedShareLink>;
  looks: Record<string, string | undefined>;
  problem: FeedProblem | null;
}

const EMPTY: Omit<ReviewFeedState, "projectId"> = { loaded: false, shares: [], details: {}, links: {}, looks: {}, problem: null };

export const useReviewFeed = create<ReviewFeedState>()(() => ({ projectId: null, ...EMPTY }));

const POLL_MS = 4000;
const MAX_BACKOFF_MS = 60_000;

function problemOf(error: unknown): FeedProblem {
  if (error instanceof ReviewRequestError && error.status === 401) return { kind: "signed-out", message: "Sign in again to see this project's reviews." };
  if (error instanceof ReviewRequestError && error.retryable) return { kind: "unavailable", message: `Reviews are unavailable right now: ${error.message} Trying again…` };
  return { kind: "failed", message: error instanceof Error ? error.message : String(error) };
}

let poller: { projectId: string; stop: () => void; now: () => void; watchers: number } | null = null;

/** Fetches the list, and the detail of each share whose list entry moved on, for one project. */
async function refresh(projectId: string, isCurrent: () => boolean): Promise<void> {
  const shares = await listShares(projectId);
  const [saved, looks] = await Promise.all([savedShareLinks(projectId), Promise.all(shares.map(async (s) => [s.id, await lastLook(s.id)] as const))]);
  const held = useReviewFeed.getState().details;
  const stale = shares.filter((s) => detailIsStale(s, held[s.id]));
  const fresh = await Promise.all(stale.map((s) => getShare(s.id)));
  if (!isCurrent()) return;
  useReviewFeed.setState((state) => {
    // A reply or resolution made while this was under way is in the state now, not in `held`.
    const details: Record<string, ShareDetail> = {};
    for (const share of shares) {
      const detail = fresh.find((d) => d.id === share.id) ?? state.details[share.id];
      if (detail) details[share.id] = detail;
    }
    const unchanged = shares.length === Object.keys(state.details).length && shares.every((s) => details[s.id] === state.details[s.id]);
    return { loaded: true, shares, details: unchanged ? state.details : details, links: Object.fromEntries(saved.map((l) => [l.shareId, l])), looks: Object.fromEntries(looks), problem: null };
  });
}

// A project that has had shares keeps being watched from its first render on.
const activeKey = (projectId: string) => `castboard.reviews-watched:${projectId}`;
function wasShared(projectId: string): boolean {
  try {
    return localStorage.getItem(activeKey(projectId)) === "1";
  } catch {
    return false;
  }
}
function rememberShared(projectId: string): void {
  try {
    localStorage.setItem(activeKey(projectId), "1");
  } catch {
    // Then it starts watching when a link is saved or the panel opens, as before.
  }
}

/**
 * Polls the server only once the project has something to review (a link this browser saved, an
 * earlier answer with shares) or the author asks (the panel opened): a board never shared costs
 * no request, and the first page load does not wait on the review database.
 */
function startPolling(projectId: string) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running = false;
  let failures = 0;
  let active = wasShared(projectId);
  let again = false;
  const tick = async () => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || running) return;
    // Hidden pages do not poll; becoming visible starts a tick at once.
    if (document.visibilityState === "hidden") return;
    running = true;
    try {
      // Not `||=`: the author may open the panel (activating) while this check is under way.
      if (!active && (await savedShareLinks(projectId)).length > 0) active = true;
      if (active) {
        await refresh(projectId, () => !stopped);
        if (useReviewFeed.getState().shares.length > 0) rememberShared(projectId);
      }
      failures = 0;
    } catch (error) {
      failures += 1;
      if (!stopped) useReviewFeed.setState({ problem: problemOf(error) });
    } finally {
      running = false;
    }
    if (!stopped) timer = setTimeout(() => void tick(), again ? 0 : Math.min(POLL_MS * 2 ** failures, MAX_BACKOFF_MS));
    again = false;
  };
  const onVisible = () => document.visibilityState === "visible" && !timer && !running && void tick();
  document.addEventListener("visibilitychange", onVisible);
  void tick();
  return {
    now: () => {
      active = true;
      // Asked while a tick is under way: another follows it at once, with what was asked for.
      if (running) again = true;
      else void tick();
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    },
  };
}

/** Starts (or joins) the feed for a project; the returned function leaves it, and the last to leave stops it. */
export function watchReviews(projectId: string): () => void {
  if (poller?.projectId !== projectId) {
    poller?.stop();
    useReviewFeed.setState({ projectId, ...EMPTY });
    poller = { projectId, watchers: 0, ...startPolling(projectId) };
  }
  const mine = poller;
  mine.watchers += 1;
  return () => {
    mine.watchers -= 1;
    if (mine.watchers > 0 || poller !== mine) return;
    mine.stop();
    poller = null;
  };
}

/** Asks the server now rather than at the next tick (after publishing, or when the panel opens). */
export function refreshReviews(): void {
  poller?.now();
}

/** Opening a share's threads: its comments count as seen from here on. */
export async function markShareLooked(shareId: string): Promise<void> {
  const detail = useReviewFeed.getState().details[shareId];
  if (!detail) return;
  const at = lookAt(detail);
  await markLooked(shareId, at);
  useReviewFeed.setState((s) => ({ looks: { ...s.looks, [shareId]: at } }));
}

function replaceComment(shareId: string, comment: ShareDetail["comments"][number]) {
  useReviewFeed.setState((s) => {
    const detail = s.details[shareId];
    if (!detail) return {};
    const comments = detail.comments.some((c) => c.id === comment.id) ? detail.comments.map((c) => (c.id === comment.id ? comment : c)) : [...detail.comments, comment];
    return { details: { ...s.details, [shareId]: { ...detail, comments } } };
  });
}

export async function replyInThread(shareId: string, commentId: string, input: { name: string; body: string }): Promise<void> {
  replaceComment(shareId, await replyToComment(shareId, commentId, input));
}

export async function setResolved(shareId: string, commentId: string, resolved: boolean): Promise<void> {
  replaceComment(shareId, await resolveComment(shareId, commentId, resolved));
}

export async function revoke(shareId: string): Promise<void> {
  await revokeShare(shareId);
  const revokedAt = new Date().toISOString();
  useReviewFeed.setState((s) => ({
    shares: s.shares.map((share) => (share.id === shareId ? { ...share, revokedAt } : share)),
    details: s.details[shareId] ? { ...s.details, [shareId]: { ...s.details[shareId], revokedAt } } : s.details,
  }));
  refreshReviews();
}

// Derived views, memoised on the details object so a selector returns the same value between polls.
let openMemo: { details: ReviewFeedState["details"]; open: Map<string, number> } | null = null;
export function openCommentCounts(state: ReviewFeedState): Map<string, number> {
  if (openMemo?.details !== state.details) openMemo = { details: state.details, open: openCommentsByPanel(Object.values(state.details)) };
  return openMemo.open;
}

/** New reviewer comments since the author's last look at each share. */
export const newCommentsOf = (state: ReviewFeedState, shareId: string): number => newSinceLook(state.details[shareId]?.comments ?? [], state.looks[shareId]);
export const newCommentsTotal = (state: ReviewFeedState): number => state.shares.reduce((sum, s) => sum + newCommentsOf(state, s.id), 0);
