import { describe, expect, it } from "vitest";
import {
  detailIsStale,
  isLive,
  lookAt,
  newSinceLook,
  openCommentsByPanel,
  statusesByPanel,
  threadsByPanel,
} from "@/lib/review/review-feed-model";
import type { ReviewComment, ShareDetail } from "@/lib/review/review-types";

let seq = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();

function comment(panelId: string, minute: number, extra: Partial<ReviewComment> = {}): ReviewComment {
  seq += 1;
  return { id: `c${seq}`, panelId, versionNumber: 2, authorName: "Ana", body: `note ${seq}`, createdAt: at(minute), resolvedAt: null, parentId: null, fromAuthor: false, ...extra };
}

function share(comments: ReviewComment[], extra: Partial<ShareDetail> = {}): ShareDetail {
  return {
    id: "share-1",
    projectId: "p1",
    projectName: "Dawn raid",
    createdAt: at(0),
    expiresAt: null,
    revokedAt: null,
    versions: [
      { number: 1, createdAt: at(0), panels: 3 },
      { number: 2, createdAt: at(5), panels: 3 },
    ],
    newComments: comments.filter((c) => !c.fromAuthor).length,
    statuses: [],
    verdicts: [],
    comments,
    ...extra,
  };
}

describe("open comments per board panel", () => {
  it("counts reviewers' unresolved comments on the newest version only, not replies, resolved ones or older versions", () => {
    const first = comment("a", 10);
    const detail = share([
      first,
      comment("a", 11),
      comment("a", 12, { resolvedAt: at(13) }),
      comment("a", 14, { parentId: first.id, fromAuthor: true, authorName: "Sam" }),
      comment("b", 3, { versionNumber: 1 }),
      comment("b", 15),
    ]);
    expect(Object.fromEntries(openCommentsByPanel([detail]))).toEqual({ a: 2, b: 1 });
  });

  it("adds up every share still open and leaves out revoked ones", () => {
    const live = share([comment("a", 10)]);
    const other = share([comment("a", 11), comment("c", 12)], { id: "share-2" });
    const revoked = share([comment("a", 13)], { id: "share-3", revokedAt: at(20) });
    expect(Object.fromEntries(openCommentsByPanel([live, other, revoked]))).toEqual({ a: 2, c: 1 });
  });

  it("takes the newest version of each share even when another share is on a different number", () => {
    const onlyV1 = share([comment("a", 10, { versionNumber: 1 })], { id: "share-2", versions: [{ number: 1, createdAt: at(0), panels: 1 }] });
    expect(openCommentsByPanel([onlyV1]).get("a")).toBe(1);
  });
});

describe("new comments since the last look", () => {
  it("counts reviewers' comments after the look, none of the author's replies, and all before a first look", () => {
    const comments = [comment("a", 10), comment("a", 20), comment("b", 30), comment("b", 31, { fromAuthor: true })];
    expect(newSinceLook(comments, undefined)).toBe(3);
    expect(newSinceLook(comments, at(10))).toBe(2);
    expect(newSinceLook(comments, at(30))).toBe(0);
  });

  it("records the look at the newest reviewer comment shown, in the server's clock", () => {
    const detail = share([comment("a", 10), comment("a", 25), comment("a", 40, { fromAuthor: true })]);
    expect(lookAt(detail)).toBe(at(25));
    expect(newSinceLook(detail.comments, lookAt(detail))).toBe(0);
    expect(lookAt(share([]))).toBe(at(0));
  });
});

describe("threads grouped by panel", () => {
  it("groups in board order, puts replies under their comment, open threads first, and removed panels last", () => {
    const onB = comment("b", 10);
    const resolvedOnB = comment("b", 5, { resolvedAt: at(6) });
    const reply = comment("b", 12, { parentId: onB.id, fromAuthor: true, authorName: "Sam" });
    const replyToReply = comment("b", 13, { parentId: reply.id, fromAuthor: true, authorName: "Sam" });
    const onA = comment("a", 11);
    const gone = comment("zz", 1);
    const groups = threadsByPanel([reply, onB, gone, resolvedOnB, onA, replyToReply], ["a", "b", "c"]);
    expect(groups.map((g) => [g.panelId, g.number, g.open])).toEqual([
      ["a", 1, 1],
      ["b", 2, 1],
      ["zz", null, 1],
    ]);
    const b = groups[1]!;
    expect(b.threads.map((t) => t.comment.id)).toEqual([onB.id, resolvedOnB.id]);
    expect(b.threads[0]!.replies.map((r) => r.id)).toEqual([reply.id, replyToReply.id]);
  });

  it("keeps a reply whose comment is missing as a thread of its own rather than losing it", () => {
    const orphan = comment("a", 10, { parentId: "missing", fromAuthor: true });
    expect(threadsByPanel([orphan], ["a"])[0]!.threads[0]!.comment.id).toBe(orphan.id);
  });
});

describe("panel statuses", () => {
  it("lists who approved and who asked for changes per panel, in board order", () => {
    const statuses = [
      { panelId: "b", reviewerName: "Ana", status: "approved" as const, versionNumber: 2, updatedAt: at(1) },
      { panelId: "b", reviewerName: "Ben", status: "changes_requested" as const, versionNumber: 2, updatedAt: at(2) },
      { panelId: "a", reviewerName: "Ben", status: "approved" as const, versionNumber: 1, updatedAt: at(3) },
      { panelId: "gone", reviewerName: "Ana", status: "changes_requested" as const, versionNumber: 1, updatedAt: at(4) },
    ];
    expect(statusesByPanel({ statuses }, ["a", "b"])).toEqual([
      { panelId: "a", number: 1, approved: ["Ben"], changesRequested: [] },
      { panelId: "b", number: 2, approved: ["Ana"], changesRequested: ["Ben"] },
      { panelId: "gone", number: null, approved: [], changesRequested: ["Ana"] },
    ]);
  });
});

describe("when a share's detail is fetched again", () => {
  it("is when the list shows a new comment, version, status, verdict or revocation, not otherwise", () => {
    const detail = share([comment("a", 10), comment("a", 11, { fromAuthor: true, parentId: "x" })]);
    const summary = detail;
    expect(detailIsStale(summary, undefined)).toBe(true);
    expect(detailIsStale(summary, detail)).toBe(false);
    expect(detailIsStale({ ...summary, newComments: 2 }, detail)).toBe(true);
    expect(detailIsStale({ ...summary, versions: [...summary.versions, { number: 3, createdAt: at(30), panels: 3 }] }, detail)).toBe(true);
    expect(detailIsStale({ ...summary, statuses: [{ panelId: "a", reviewerName: "Ana", status: "approved", versionNumber: 2, updatedAt: at(40) }] }, detail)).toBe(true);
    expect(detailIsStale({ ...summary, verdicts: [{ reviewerName: "Ana", verdict: "approved", versionNumber: 2, updatedAt: at(40) }] }, detail)).toBe(true);
    expect(detailIsStale({ ...summary, revokedAt: at(50) }, detail)).toBe(true);
  });

  it("a link is live until revoked or past its expiry", () => {
    const now = Date.parse(at(30));
    expect(isLive({ revokedAt: null, expiresAt: null }, now)).toBe(true);
    expect(isLive({ revokedAt: null, expiresAt: at(31) }, now)).toBe(true);
    expect(isLive({ revokedAt: null, expiresAt: at(29) }, now)).toBe(false);
    expect(isLive({ revokedAt: at(1), expiresAt: null }, now)).toBe(false);
  });
});
