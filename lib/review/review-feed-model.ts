import type { ReviewComment, ReviewVerdict, ShareDetail, ShareSummary } from "./review-types";

/**
 * What the Reviews panel and the board show, derived from the author's list and share details.
 * Pure functions, so the counts users rely on are tested without a server.
 */

export const newestVersion = (share: Pick<ShareSummary, "versions">): number => share.versions.reduce((newest, v) => Math.max(newest, v.number), 0);

/** A share whose link still opens: neither revoked nor past its expiry. */
export const isLive = (share: Pick<ShareSummary, "revokedAt" | "expiresAt">, now = Date.now()): boolean =>
  share.revokedAt === null && (share.expiresAt === null || Date.parse(share.expiresAt) > now);

const isOpenReviewerComment = (comment: ReviewComment) => !comment.fromAuthor && comment.parentId === null && comment.resolvedAt === null;

/**
 * Per board panel, the reviewers' unresolved comments on the newest version of each share not
 * revoked: what the author still has to act on. Older versions' comments are history.
 */
export function openCommentsByPanel(details: readonly ShareDetail[]): Map<string, number> {
  const open = new Map<string, number>();
  for (const share of details) {
    if (share.revokedAt !== null) continue;
    const newest = newestVersion(share);
    for (const comment of share.comments) {
      if (comment.versionNumber === newest && isOpenReviewerComment(comment)) open.set(comment.panelId, (open.get(comment.panelId) ?? 0) + 1);
    }
  }
  return open;
}

/** Reviewers' comments (not the author's replies) that came after the author's last look; all of them before a first look. */
export function newSinceLook(comments: readonly ReviewComment[], look: string | undefined): number {
  const since = look ? Date.parse(look) : Number.NEGATIVE_INFINITY;
  return comments.filter((c) => !c.fromAuthor && Date.parse(c.createdAt) > since).length;
}

/**
 * The time to record as the author's last look at a share: the newest reviewer comment they were
 * shown, in the server's clock, so a browser clock ahead of the server cannot hide later comments.
 */
export function lookAt(detail: Pick<ShareDetail, "comments" | "createdAt">): string {
  return detail.comments.filter((c) => !c.fromAuthor).reduce((latest, c) => (Date.parse(c.createdAt) > Date.parse(latest) ? c.createdAt : latest), detail.createdAt);
}

export interface ReviewThread {
  comment: ReviewComment;
  /** The author's replies, oldest first. */
  replies: ReviewComment[];
}

export interface PanelThreads {
  panelId: string;
  /** The panel's place on the board now (1-based), or null once it was removed from the board. */
  number: number | null;
  threads: ReviewThread[];
  open: number;
}

const byTime = (a: ReviewComment, b: ReviewComment) => Date.parse(a.createdAt) - Date.parse(b.createdAt);

/**
 * A share's threads grouped by panel, in board order; panels no longer on the board come last.
 * Within a panel, open threads first, then resolved ones, each oldest first.
 */
export function threadsByPanel(comments: readonly ReviewComment[], boardPanelIds: readonly string[]): PanelThreads[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const rootOf = (comment: ReviewComment): ReviewComment => {
    let current = comment;
    for (const seen = new Set<string>(); current.parentId && !seen.has(current.id); ) {
      seen.add(current.id);
      const parent = byId.get(current.parentId);
      if (!parent) break;
      current = parent;
    }
    return current;
  };
  const threads = new Map<string, ReviewThread>();
  for (const comment of [...comments].sort(byTime)) {
    const root = rootOf(comment);
    const thread = threads.get(root.id) ?? { comment: root, replies: [] };
    threads.set(root.id, thread);
    if (comment !== root) thread.replies.push(comment);
  }
  const position = new Map(boardPanelIds.map((id, i) => [id, i]));
  const groups = new Map<string, PanelThreads>();
  for (const thread of threads.values()) {
    const panelId = thread.comment.panelId;
    const index = position.get(panelId);
    const group = groups.get(panelId) ?? { panelId, number: index === undefined ? null : index + 1, threads: [], open: 0 };
    groups.set(panelId, group);
    group.threads.push(thread);
    if (isOpenReviewerComment(thread.comment)) group.open += 1;
  }
  const place = (g: PanelThreads) => g.number ?? Number.MAX_SAFE_INTEGER;
  return [...groups.values()]
    .sort((a, b) => place(a) - place(b))
    .map((g) => ({ ...g, threads: g.threads.sort((a, b) => Number(a.comment.resolvedAt !== null) - Number(b.comment.resolvedAt !== null) || byTime(a.comment, b.comment)) }));
}

export interface PanelStatusSummary {
  panelId: string;
  number: number | null;
  approved: string[];
  changesRequested: string[];
}

/** Per panel, who approved it and who asked for changes (each reviewer's latest status), in board order. */
export function statusesByPanel(share: Pick<ShareSummary, "statuses">, boardPanelIds: readonly string[]): PanelStatusSummary[] {
  const position = new Map(boardPanelIds.map((id, i) => [id, i]));
  const panels = new Map<string, PanelStatusSummary>();
  for (const status of share.statuses) {
    const index = position.get(status.panelId);
    const entry = panels.get(status.panelId) ?? { panelId: status.panelId, number: index === undefined ? null : index + 1, approved: [], changesRequested: [] };
    panels.set(status.panelId, entry);
    (status.status === "approved" ? entry.approved : entry.changesRequested).push(status.reviewerName);
  }
  const place = (p: PanelStatusSummary) => p.number ?? Number.MAX_SAFE_INTEGER;
  return [...panels.values()].sort((a, b) => place(a) - place(b));
}

export const verdictLabel = (verdict: ReviewVerdict): string => (verdict === "approved" ? "Approved" : "Changes requested");

/**
 * Whether a share's detail must be fetched again: what the list says (versions, reviewer
 * comments, statuses, verdicts) differs from the detail held. The author's own replies and
 * resolutions refresh the detail where they are made.
 */
export function detailIsStale(summary: ShareSummary, detail: ShareDetail | undefined): boolean {
  if (!detail) return true;
  const signature = (s: ShareSummary, reviewerComments: number) =>
    JSON.stringify([s.revokedAt, s.expiresAt, s.versions.length, reviewerComments, s.statuses.map((x) => [x.panelId, x.reviewerName, x.status, x.updatedAt]), s.verdicts.map((v) => [v.reviewerName, v.verdict, v.updatedAt])]);
  return signature(summary, summary.newComments) !== signature(detail, detail.comments.filter((c) => !c.fromAuthor).length);
}
