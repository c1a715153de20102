import type { ReviewSnapshot } from "../server/review/snapshot-schema";
import type { CreatedShare, ReviewActivity, ReviewComment, ReviewVerdict, ShareDetail, ShareSummary } from "./review-types";

/**
 * The review routes from the browser: the app's author side (publish, list, reply, resolve,
 * revoke) and the review page's reviewer side. Each refusal becomes a `ReviewRequestError` with the
 * server's own message; `retryable` says whether trying again later may work (storage down, network).
 */
export class ReviewRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "ReviewRequestError";
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** A fetch whose refusals (and a network that is down) become `ReviewRequestError`s; 304 passes. */
async function send(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { ...(init.body && typeof init.body === "string" ? { "content-type": "application/json" } : {}), ...init.headers } });
  } catch {
    throw new ReviewRequestError("The server could not be reached. Check the connection; it will try again.", 0, "network");
  }
  if (!response.ok && response.status !== 304) {
    const data = (await response.json().catch(() => null)) as { error?: string; message?: string } | null;
    throw new ReviewRequestError(data?.message ?? `The server answered HTTP ${response.status}. Try again.`, response.status, data?.error ?? "http_error");
  }
  return response;
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await send(path, init);
  // Some answers carry no body (an image stored: 201): they give undefined, as 204 does.
  return (response.status === 204 ? undefined : await response.json().catch(() => undefined)) as T;
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });

// The author's side.
export const createShare = (input: { projectId: string; projectName: string; expiresInDays: number | null }) => call<CreatedShare>("/api/reviews", json("POST", input));
export const listShares = (projectId: string, since?: string) =>
  call<{ shares: ShareSummary[] }>(`/api/reviews?${new URLSearchParams({ projectId, ...(since ? { since } : {}) })}`).then((answer) => answer.shares);
export const getShare = (shareId: string) => call<ShareDetail>(`/api/reviews/${encodeURIComponent(shareId)}`);
export const revokeShare = (shareId: string) => call<void>(`/api/reviews/${encodeURIComponent(shareId)}`, { method: "DELETE" });
export const missingImages = (hashes: string[]) => call<{ missing: string[] }>("/api/reviews/images", json("POST", { hashes })).then((answer) => answer.missing);
export const putImage = (hash: string, blob: Blob) => call<void>(`/api/reviews/images/${hash}`, { method: "PUT", body: blob, headers: { "content-type": blob.type } });
export const publishVersion = (shareId: string, snapshot: ReviewSnapshot) =>
  call<{ number: number }>(`/api/reviews/${encodeURIComponent(shareId)}/versions`, json("POST", { snapshot }));
export const replyToComment = (shareId: string, commentId: string, input: { name: string; body: string }) =>
  call<ReviewComment>(`/api/reviews/${encodeURIComponent(shareId)}/comments/${encodeURIComponent(commentId)}`, json("POST", input));
export const resolveComment = (shareId: string, commentId: string, resolved: boolean) =>
  call<ReviewComment>(`/api/reviews/${encodeURIComponent(shareId)}/comments/${encodeURIComponent(commentId)}`, json("PATCH", { resolved }));

// The reviewer's side: a link opens its own board and nothing else.
const link = (token: string) => `/api/review/${encodeURIComponent(token)}`;
/**
 * A version's threads, statuses and verdicts, unless they are still those of `etag` (the page's
 * own from its render, then each answer's): null then, from an empty 304.
 */
export async function getReviewActivity(token: string, version: number, etag: string | null): Promise<{ activity: ReviewActivity; etag: string | null } | null> {
  const response = await send(`${link(token)}/activity?version=${version}`, { cache: "no-store", headers: etag ? { "if-none-match": etag } : {} });
  if (response.status === 304) return null;
  return { activity: (await response.json()) as ReviewActivity, etag: response.headers.get("etag") };
}
export const reviewImagePath = (token: string, hash: string) => `${link(token)}/images/${hash}`;
export const postComment = (token: string, input: { version: number; panelId: string; name: string; body: string }) => call<ReviewComment>(`${link(token)}/comments`, json("POST", input));
export const setPanelStatus = (token: string, input: { version: number; panelId: string; name: string; status: ReviewVerdict }) => call<void>(`${link(token)}/statuses`, json("PUT", input));
export const setVerdict = (token: string, input: { version: number; name: string; verdict: ReviewVerdict }) => call<void>(`${link(token)}/verdict`, json("PUT", input));
