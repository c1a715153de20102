import { describe, expect, it } from "vitest";
import { COMMENT_MAX } from "@/lib/server/review/review-inputs";
import { commentCounter, namesSentence, panelStatusSummary, relativeTime, REVIEW_COMMENT_MAX, threadsByPanel, withStatus } from "@/lib/review/review-page-model";
import type { ReviewComment, ReviewPanelStatus } from "@/lib/review/review-types";

const comment = (id: string, panelId: string, createdAt: string, extra: Partial<ReviewComment> = {}): ReviewComment => ({
  id,
  panelId,
  versionNumber: 1,
  authorName: "Ana",
  body: id,
  createdAt,
  resolvedAt: null,
  parentId: null,
  fromAuthor: false,
  ...extra,
});
const status = (panelId: string, reviewerName: string, value: ReviewPanelStatus["status"], versionNumber = 1): ReviewPanelStatus => ({
  panelId,
  reviewerName,
  status: value,
  versionNumber,
  updatedAt: "2026-01-01T00:00:00Z",
});

describe("threads", () => {
  it("groups comments by panel in the order written, with the author's replies under the comment they answer", () => {
    const threads = threadsByPanel([
      comment("reply", "p1", "2026-01-01T00:03:00Z", { parentId: "first", fromAuthor: true }),
      comment("second", "p1", "2026-01-01T00:02:00Z"),
      comment("first", "p1", "2026-01-01T00:01:00Z"),
      comment("other", "p2", "2026-01-01T00:01:30Z"),
    ]);
    expect(threads.get("p1")!.map((t) => [t.comment.id, t.replies.map((r) => r.id)])).toEqual([
      ["first", ["reply"]],
      ["second", []],
    ]);
    expect(threads.get("p2")!.map((t) => t.comment.id)).toEqual(["other"]);
  });

  it("shows a reply whose comment is missing on its own rather than losing it", () => {
    const threads = threadsByPanel([comment("orphan", "p1", "2026-01-01T00:00:00Z", { parentId: "gone", fromAuthor: true })]);
    expect(threads.get("p1")!.map((t) => t.comment.id)).toEqual(["orphan"]);
  });
});

describe("statuses", () => {
  it("keeps the reviewer's own choice apart from everyone else's, for one panel", () => {
    const all = [status("p1", "Ana", "approved"), status("p1", "Ben", "changes_requested"), status("p1", "Cleo", "approved"), status("p2", "Dan", "approved")];
    const summary = panelStatusSummary(all, "p1", "Ana");
    expect(summary.mine?.reviewerName).toBe("Ana");
    expect(summary.approved.map((s) => s.reviewerName)).toEqual(["Cleo"]);
    expect(summary.changesRequested.map((s) => s.reviewerName)).toEqual(["Ben"]);
    expect(panelStatusSummary(all, "p1", null).mine).toBeNull();
  });

  it("replaces a reviewer's earlier status on the same panel", () => {
    const next = withStatus([status("p1", "Ana", "approved"), status("p2", "Ana", "approved")], status("p1", "Ana", "changes_requested", 2));
    expect(next.map((s) => [s.panelId, s.status, s.versionNumber])).toEqual([
      ["p2", "approved", 1],
      ["p1", "changes_requested", 2],
    ]);
  });

  it("names who did what in a short sentence", () => {
    expect(namesSentence([], "approved")).toBe("");
    expect(namesSentence(["Ana"], "approved")).toBe("Ana approved");
    expect(namesSentence(["Ana", "Ben", "Cleo"], "approved")).toBe("Ana, Ben and Cleo approved");
    expect(namesSentence(["Ana", "Ben", "Cleo", "Dan", "Eve"], "approved")).toBe("Ana, Ben and 3 others approved");
  });
});

describe("times and limits", () => {
  it("says how long ago, then the date", () => {
    const now = Date.parse("2026-03-10T12:00:00Z");
    expect(relativeTime("2026-03-10T11:59:30Z", now)).toBe("just now");
    expect(relativeTime("2026-03-10T11:55:00Z", now)).toBe("5 min ago");
    expect(relativeTime("2026-03-10T09:00:00Z", now)).toBe("3 h ago");
    expect(relativeTime("2026-03-09T10:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2026-03-06T12:00:00Z", now)).toBe("4 days ago");
    expect(relativeTime("2026-01-02T12:00:00Z", now)).toBe("Jan 2, 2026");
    // A clock a little behind the server's never says "in the future".
    expect(relativeTime("2026-03-10T12:00:05Z", now)).toBe("just now");
  });

  it("counts down near the server's comment limit and says by how much a comment is over", () => {
    expect(REVIEW_COMMENT_MAX).toBe(COMMENT_MAX);
    expect(commentCounter(10)).toBeNull();
    expect(commentCounter(1990)).toEqual({ text: "10 characters left", over: false });
    expect(commentCounter(2003)).toEqual({ text: "3 characters over the 2000 limit", over: true });
    expect(commentCounter(2001)).toEqual({ text: "1 character over the 2000 limit", over: true });
  });
});
