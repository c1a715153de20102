import "server-only";
import { and, asc, count, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { comments, panelStatuses, shares, verdicts, versions } from "../db/schema";
import { orUnavailable } from "../db/unavailable";

export interface ShareOverview {
  id: string;
  projectId: string;
  projectName: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  versions: { number: number; createdAt: Date; panels: number }[];
  /** Reviewers' comments (not the author's replies) since the time asked about. */
  newComments: number;
  statuses: { panelId: string; reviewerName: string; status: "approved" | "changes_requested"; versionNumber: number; updatedAt: Date }[];
  verdicts: { reviewerName: string; verdict: "approved" | "changes_requested"; versionNumber: number; updatedAt: Date }[];
}

/** What reviewers said on a share: each one's panel statuses and verdict. */
export async function reviewState(database: Database, shareIds: string[]) {
  if (shareIds.length === 0) return { statuses: [], verdicts: [] };
  const [statusRows, verdictRows] = await Promise.all([
    database.select().from(panelStatuses).where(inArray(panelStatuses.shareId, shareIds)).orderBy(asc(panelStatuses.updatedAt)),
    database.select().from(verdicts).where(inArray(verdicts.shareId, shareIds)).orderBy(asc(verdicts.updatedAt)),
  ]);
  return { statuses: statusRows, verdicts: verdictRows };
}

/**
 * The author's list for one project (or one share): each share with its versions, the comments that came since
 * `since` (their last look), and every reviewer's statuses and verdict. Four queries, whatever the count.
 */
export function listShares(database: Database, which: { projectId: string } | { shareId: string }, since: Date = new Date(0)): Promise<ShareOverview[]> {
  return orUnavailable("database", async () => {
    const rows = await database
      .select({ id: shares.id, projectId: shares.projectId, projectName: shares.projectName, createdAt: shares.createdAt, expiresAt: shares.expiresAt, revokedAt: shares.revokedAt })
      .from(shares)
      .where("shareId" in which ? eq(shares.id, which.shareId) : eq(shares.projectId, which.projectId))
      .orderBy(desc(shares.createdAt));
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return [];
    const [versionRows, counts, state] = await Promise.all([
      database
        .select({
          shareId: versions.shareId,
          number: versions.number,
          createdAt: versions.createdAt,
          panels: sql<number>`jsonb_array_length(${versions.snapshot} -> 'panels')`.mapWith(Number),
        })
        .from(versions)
        .where(inArray(versions.shareId, ids))
        .orderBy(asc(versions.number)),
      database
        .select({ shareId: comments.shareId, n: count() })
        .from(comments)
        .where(and(inArray(comments.shareId, ids), eq(comments.fromAuthor, false), gt(comments.createdAt, since)))
        .groupBy(comments.shareId),
      reviewState(database, ids),
    ]);
    return rows.map((row) => ({
      ...row,
      versions: versionRows.filter((v) => v.shareId === row.id).map(({ number, createdAt, panels }) => ({ number, createdAt, panels })),
      newComments: counts.find((c) => c.shareId === row.id)?.n ?? 0,
      statuses: state.statuses.filter((s) => s.shareId === row.id).map(({ panelId, reviewerName, status, versionNumber, updatedAt }) => ({ panelId, reviewerName, status, versionNumber, updatedAt })),
      verdicts: state.verdicts.filter((v) => v.shareId === row.id).map(({ reviewerName, verdict, versionNumber, updatedAt }) => ({ reviewerName, verdict, versionNumber, updatedAt })),
    }));
  });
}
