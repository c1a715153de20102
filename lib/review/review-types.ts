import type { ReviewSnapshot } from "../server/review/snapshot-schema";

/**
 * What the review routes answer, as JSON (dates as ISO strings). Shared by the routes, the review
 * page and the app's Reviews panel, so no `server-only` here.
 */
export type ReviewVerdict = "approved" | "changes_requested";

export interface ReviewComment {
  id: string;
  panelId: string;
  versionNumber: number;
  authorName: string;
  body: string;
  createdAt: string;
  resolvedAt: string | null;
  /** The comment an author's reply answers; null for a reviewer's comment. */
  parentId: string | null;
  fromAuthor: boolean;
}

export interface ReviewPanelStatus {
  panelId: string;
  reviewerName: string;
  status: ReviewVerdict;
  versionNumber: number;
  updatedAt: string;
}

export interface ReviewerVerdict {
  reviewerName: string;
  verdict: ReviewVerdict;
  versionNumber: number;
  updatedAt: string;
}

/** `GET /api/review/<token>[?version=N]`: what a reviewer sees. Images at `/api/review/<token>/images/<hash>`. */
export interface ReviewView {
  title: string;
  version: { number: number; createdAt: string; snapshot: ReviewSnapshot };
  versions: { number: number; createdAt: string }[];
  comments: ReviewComment[];
  statuses: ReviewPanelStatus[];
  verdicts: ReviewerVerdict[];
  /** The ETag of this activity at `GET …/activity`: the page's first poll sends it and gets a 304 if nothing moved. */
  activityEtag: string;
}

/** What changes on a review while it is open: the page polls this, never the board again. */
export type ReviewActivity = Pick<ReviewView, "comments" | "statuses" | "verdicts" | "versions">;

/** One shared board in the author's list (`GET /api/reviews?projectId=…&since=…`). */
export interface ShareSummary {
  id: string;
  projectId: string;
  projectName: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  versions: { number: number; createdAt: string; panels: number }[];
  /** Reviewers' comments (not the author's replies) since `since`. */
  newComments: number;
  statuses: ReviewPanelStatus[];
  verdicts: ReviewerVerdict[];
}

/** `GET /api/reviews/<shareId>`: one share with every version's threads, for the author. */
export interface ShareDetail extends ShareSummary {
  comments: ReviewComment[];
}

/** `POST /api/reviews`: the link's token is given here once and never again (only its hash is kept). */
export interface CreatedShare {
  share: ShareSummary;
  token: string;
  /** Path of the review page, to be joined to the app's origin. */
  path: string;
}
