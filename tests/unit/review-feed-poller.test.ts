import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { refreshReviews, useReviewFeed, watchReviews } from "@/lib/review/review-feed";
import type { ShareDetail } from "@/lib/review/review-types";
import { saveShareLink } from "@/lib/review/share-links";
import { until } from "../support/review-fixtures";

/**
 * The feed's scheduling against a stand-in for the author routes: which requests it makes and
 * when. The routes themselves are tested against the real server (review-api, review-panel e2e).
 */
const detail: ShareDetail = {
  id: "s1",
  projectId: "p1",
  projectName: "Dawn raid",
  createdAt: "2026-12-01T10:00:00.000Z",
  expiresAt: null,
  revokedAt: null,
  versions: [{ number: 1, createdAt: "2026-12-01T10:00:00.000Z", panels: 2 }],
  newComments: 1,
  statuses: [],
  verdicts: [],
  comments: [{ id: "c1", panelId: "a", versionNumber: 1, authorName: "Ana", body: "Closer", createdAt: "2026-12-01T10:01:00.000Z", resolvedAt: null, parentId: null, fromAuthor: false }],
};

let requests: string[];
let answer: { status: number; body: unknown } | null;
const page = Object.assign(new EventTarget(), { visibilityState: "visible" as DocumentVisibilityState });
let stop: (() => void) | undefined;

beforeEach(() => {
  requests = [];
  answer = null;
  page.visibilityState = "visible";
  const storage = new Map<string, string>();
  vi.stubGlobal("document", page);
  vi.stubGlobal("localStorage", { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) });
  vi.stubGlobal("fetch", async (path: string) => {
    requests.push(path);
    if (answer) return Response.json(answer.body, { status: answer.status });
    const { comments, ...summary } = detail;
    return path.startsWith("/api/reviews?") ? Response.json({ shares: [summary] }) : Response.json({ ...summary, comments });
  });
});

afterEach(() => {
  stop?.();
  stop = undefined;
  vi.unstubAllGlobals();
});

describe("the review feed's polling", () => {
  it("asks nothing for a project never shared until the panel opens, then lists and fetches each share's detail", async () => {
    stop = watchReviews("never-shared");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toEqual([]);
    refreshReviews();
    await until(async () => useReviewFeed.getState().loaded, "the first answer");
    expect(requests).toEqual(["/api/reviews?projectId=never-shared", "/api/reviews/s1"]);
    expect(useReviewFeed.getState().details.s1?.comments).toHaveLength(1);
  });

  it("polls right away when the panel opens while it is still checking for saved links", async () => {
    stop = watchReviews("p-race");
    refreshReviews();
    await until(async () => requests.length >= 1, "the list, without waiting a full interval", 1000);
  });

  it("starts at once for a project with a link saved in this browser", async () => {
    await saveShareLink("p-linked", { shareId: "s1", url: "http://x/review/t", createdAt: detail.createdAt });
    stop = watchReviews("p-linked");
    await until(async () => requests.length >= 2, "the list and the detail");
    expect(useReviewFeed.getState().links.s1?.url).toBe("http://x/review/t");
  });

  it("does not poll while the page is hidden and resumes when it shows", async () => {
    page.visibilityState = "hidden";
    stop = watchReviews("p-hidden");
    refreshReviews();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toEqual([]);
    page.visibilityState = "visible";
    page.dispatchEvent(new Event("visibilitychange"));
    await until(async () => requests.length >= 1, "a request once visible");
  });

  it("says the reviews are unavailable while storage is down, asks to sign in on 401, and clears once answered", async () => {
    stop = watchReviews("p-down");
    answer = { status: 503, body: { error: "storage_unavailable", message: "The review database does not answer." } };
    refreshReviews();
    await until(async () => useReviewFeed.getState().problem?.kind === "unavailable", "the unavailable note");
    expect(useReviewFeed.getState().problem?.message).toMatch(/^Reviews are unavailable right now: The review database does not answer\./);
    answer = { status: 401, body: { error: "unauthorized", message: "Sign in again." } };
    refreshReviews();
    await until(async () => useReviewFeed.getState().problem?.kind === "signed-out", "the sign-in note");
    answer = null;
    refreshReviews();
    await until(async () => useReviewFeed.getState().problem === null && useReviewFeed.getState().loaded, "recovery");
  });

  it("stops when the last watcher leaves", async () => {
    const first = watchReviews("p-stop");
    const second = watchReviews("p-stop");
    first();
    refreshReviews();
    await until(async () => requests.length >= 1, "still polling with one watcher");
    second();
    const made = requests.length;
    refreshReviews();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests.length).toBe(made);
  });
});
