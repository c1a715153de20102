import type { ReviewComment, ReviewPanelStatus } from "./review-types";

/**
 * What the review page derives from a `ReviewView`, free of React and of zod so the page's
 * browser code stays small. The server's own rules (lib/server/review/review-inputs.ts) are
 * mirrored here only where the page must say something before asking: the comment length.
 */

/** The server's `COMMENT_MAX` (a unit test keeps them equal). */
export const REVIEW_COMMENT_MAX = 2000;
/** The counter shows from here on, so it does not nag while someone writes a short note. */
const COUNTER_FROM = 1600;

/** One panel as the review page draws it (built on the server by review-page-panels.ts). */
export interface ReviewPanelData {
  id: string;
  /** Shot number, from 1, in board order. */
  number: number;
  caption: string;
  /** "Wide · Eye level · 3 s": what is set of size, angle and duration. */
  details: string;
  image: { src: string; width: number; height: number } | null;
  balloons: { id: string; speaker: string | null; text: string; x: number; y: number }[];
}

/** The live part of a review: what polling replaces. The board itself never changes within a version. */

export interface Thread {
  comment: ReviewComment;
  replies: ReviewComment[];
}

/** Each panel's threads in the order written: a reply sits under the comment it answers. */
export function threadsByPanel(comments: ReviewComment[]): Map<string, Thread[]> {
  const byId = new Map<string, Thread>();
  const panels = new Map<string, Thread[]>();
  const ordered = [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const comment of ordered) {
    const parent = comment.parentId ? byId.get(comment.parentId) : undefined;
    if (parent) {
      parent.replies.push(comment);
      continue;
    }
    // A reply whose comment is not here is still shown, on its own rather than lost.
    const thread = { comment, replies: [] };
    byId.set(comment.id, thread);
    const list = panels.get(comment.panelId) ?? [];
    list.push(thread);
    panels.set(comment.panelId, list);
  }
  return panels;
}

/** A name as the server keeps it (trimmed, single spaces), so the reviewer's own status is found. */
export const normalName = (raw: string) => raw.trim().replace(/\s+/g, " ");

export interface PanelStatusSummary {
  mine: ReviewPanelStatus | null;
  approved: ReviewPanelStatus[];
  changesRequested: ReviewPanelStatus[];
}

/** One panel's statuses: the reviewer's own choice apart from everyone else's. */
export function panelStatusSummary(statuses: ReviewPanelStatus[], panelId: string, me: string | null): PanelStatusSummary {
  const summary: PanelStatusSummary = { mine: null, approved: [], changesRequested: [] };
  for (const status of statuses) {
    if (status.panelId !== panelId) continue;
    if (me && status.reviewerName === me) summary.mine = status;
    else (status.status === "approved" ? summary.approved : summary.changesRequested).push(status);
  }
  return summary;
}

/** "Ana and Ben approved", "Ana, Ben and 2 others requested changes". */
export function namesSentence(names: string[], what: string): string {
  if (names.length === 0) return "";
  const shown = names.length > 3 ? [...names.slice(0, 2), `${names.length - 2} others`] : names;
  const list = shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)!}`;
  return `${list} ${what}`;
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function relativeTime(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  return new Date(iso).toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** The counter under a comment box: null while far from the limit. */
export function commentCounter(length: number): { text: string; over: boolean } | null {
  if (length < COUNTER_FROM) return null;
  const left = REVIEW_COMMENT_MAX - length;
  const characters = (n: number) => `${n} character${n === 1 ? "" : "s"}`;
  return left >= 0 ? { text: `${characters(left)} left`, over: false } : { text: `${characters(-left)} over the ${REVIEW_COMMENT_MAX} limit`, over: true };
}

/** Polling answers may cross a change made here: the newer local state wins until the next poll. */
export function withStatus(statuses: ReviewPanelStatus[], next: ReviewPanelStatus): ReviewPanelStatus[] {
  return [...statuses.filter((s) => !(s.panelId === next.panelId && s.reviewerName === next.reviewerName)), next];
}
