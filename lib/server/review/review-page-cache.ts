import "server-only";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { LRUCache } from "lru-cache";
import type { ServerConfig } from "../config";
import type { RequestInterceptor } from "../socket-hook";
import { getReviewStore } from "./review-services";

/** A review page as a browser opens it: the link, and at most a version number. */
const PAGE_PATH = /^\/review\/([A-Za-z0-9_-]{1,200})(?:\?version=([1-9]\d{0,5}))?$/;
/** The page shows times relative to when it was rendered, until its first poll: keep them close. */
const FRESH_MS = 10_000;
const CACHE_BYTES = 32 * 1024 * 1024;
/** Only a board is kept, never the "unavailable" or not-found page (review-board.tsx sets it). */
const BOARD_MARKER = 'data-review-page="board"';
/** Headers that belong to one response, not to the page. */
const PER_RESPONSE = new Set(["content-security-policy", "content-length", "transfer-encoding", "content-encoding", "date", "connection", "keep-alive", "set-cookie"]);

interface CachedPage {
  /** The page's HTML, encoded once, cut where the nonce it was rendered with stood: each response puts its own there. */
  parts: Buffer[];
  bytes: number;
  headers: OutgoingHttpHeaders;
}

/**
 * The review page's HTML, rendered once per state of the review and served from memory while the
 * review does not change: 200 reviewers opening a link at once otherwise cost 200 server renders.
 *
 * Every request still checks the link and reads the review's activity stamp (two small queries),
 * so a revoke, a new comment, status or version shows at once on every instance; the stamp is the
 * cache key. Each response gets its own script nonce: the cached page's is replaced, and the
 * Content-Security-Policy header (set at the socket) names the new one. A miss, a client-side
 * navigation, an unknown link and any failure are Next.js's to answer as usual.
 */
export function reviewPageCache(config: ServerConfig): RequestInterceptor {
  const pages = new LRUCache<string, CachedPage>({ maxSize: CACHE_BYTES, sizeCalculation: (page) => page.bytes, ttl: FRESH_MS });
  /** Renders under way: requests for the same state wait for it rather than rendering it again. */
  const rendering = new Map<string, Promise<void>>();
  const serve = async (request: IncomingMessage, response: ServerResponse, toNext: () => void, token: string, version: string | undefined) => {
    const key = await pageKey(config, token, version);
    const nonce = nonceOf(response);
    if (!key || !nonce) return toNext();
    const underway = rendering.get(key);
    if (underway) await underway;
    const cached = pages.get(key);
    if (cached) return send(request, response, cached, nonce);
    if (underway) return toNext(); // that render was not kept (not a board): this one is Next.js's
    let rendered = () => {};
    rendering.set(key, new Promise<void>((resolve) => (rendered = resolve)));
    response.once("close", () => {
      rendering.delete(key);
      rendered();
    });
    // Rendered plain so the captured bytes are the HTML; hits are compressed here.
    delete request.headers["accept-encoding"];
    capture(response, (html) => {
      if (!html.includes(BOARD_MARKER)) return;
      // The nonce is 16 random bytes nobody outside this process has seen: only Next.js wrote it.
      const parts = html.split(nonce).map((part) => Buffer.from(part));
      pages.set(key, { parts, bytes: Buffer.byteLength(html), headers: pageHeaders(response.getHeaders()) });
    });
    toNext();
  };
  return (request, response, toNext) => {
    const match = request.method === "GET" ? PAGE_PATH.exec(request.url ?? "") : null;
    if (!match || isClientNavigation(request)) return false;
    serve(request, response, toNext, match[1]!, match[2]).catch(() => toNext());
    return true;
  };
}

async function pageKey(config: ServerConfig, token: string, version: string | undefined): Promise<string | null> {
  const store = await getReviewStore(config);
  const share = await store.resolveToken(token);
  if (!share) return null;
  const shown = await store.activityStamp(share.id, version === undefined ? null : Number(version));
  return shown ? `${token}?${version ?? ""}|${shown.stamp}` : null;
}

/** Next.js's own fetches of a page's server components, for navigations within the app. */
const isClientNavigation = (request: IncomingMessage) =>
  request.headers.rsc !== undefined || request.headers["next-router-state-tree"] !== undefined || request.headers["next-router-prefetch"] !== undefined;

function nonceOf(response: ServerResponse): string | null {
  return /'nonce-([^']+)'/.exec(String(response.getHeader("content-security-policy") ?? ""))?.[1] ?? null;
}

function send(request: IncomingMessage, response: ServerResponse, page: CachedPage, nonce: string): void {
  const nonceBytes = Buffer.from(nonce);
  const html = Buffer.concat(page.parts.flatMap((part, i) => (i === 0 ? [part] : [nonceBytes, part])));
  // Level 1: a sixth of the size for about a millisecond, where a render costs thirty.
  const gzip = /\bgzip\b/.test(request.headers["accept-encoding"] ?? "");
  const body = gzip ? gzipSync(html, { level: 1 }) : html;
  response.writeHead(200, { ...page.headers, ...(gzip ? { "content-encoding": "gzip" } : {}), "content-length": body.byteLength, "x-cache": "hit" });
  response.end(body);
}

function pageHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_RESPONSE.has(name)));
  const vary = String(kept.vary ?? "");
  return { ...kept, vary: /accept-encoding/i.test(vary) ? vary : [vary, "Accept-Encoding"].filter(Boolean).join(", ") };
}

/** Copies what Next.js writes for this response, handing `done` the HTML of a plain 200 page. */
function capture(response: ServerResponse, done: (html: string) => void): void {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const write = response.write;
  const end = response.end;
  response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof response.write;
  response.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== "function") keep(chunk, rest[0]);
    const ended = (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    const type = String(response.getHeader("content-type") ?? "");
    if (response.statusCode === 200 && !response.getHeader("content-encoding") && type.startsWith("text/html")) done(Buffer.concat(chunks).toString("utf8"));
    return ended;
  } as typeof response.end;
}
