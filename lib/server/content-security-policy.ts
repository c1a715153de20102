import "server-only";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The pages' Content-Security-Policy. Scripts run only with this response's nonce (Next.js puts it
 * on its own scripts) or when such a script loads them ('strict-dynamic': the code-split chunks).
 * Styles allow inline ones: React style attributes and the toaster's injected sheet need them, and
 * an injected style cannot run code. Connections and images stay on this origin, plus fal's file
 * hosts when the browser uploads to and downloads from fal (fal mode), or the upstream that stands
 * in for fal (`FAL_UPSTREAM_URL`).
 */
const FAL_FILE_HOSTS = ["https://fal.media", "https://*.fal.media", "https://*.fal.ai", "https://storage.googleapis.com"];

export interface PolicyOptions {
  nonce: string;
  falMode: boolean;
  upstreamUrl?: string;
  dev?: boolean;
}

export function contentSecurityPolicy({ nonce, falMode, upstreamUrl, dev }: PolicyOptions): string {
  const upstream = upstreamUrl ? [new URL(upstreamUrl).origin] : [];
  const remote = falMode ? [...FAL_FILE_HOSTS, ...upstream] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:", ...remote],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...remote],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** Paths that are not pages: API answers (JSON, files with their own policy) and build assets. */
const NOT_PAGES = /^\/(?:api\/|_next\/static\/|_next\/image)/;

/**
 * A socket stamp (see ./socket-hook) giving each page response a fresh nonce and its policy. The
 * policy also goes on the request, where Next.js reads the nonce and puts it on its scripts.
 */
export function pagePolicyStamp(options: Omit<PolicyOptions, "nonce">) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    if (NOT_PAGES.test(request.url ?? "/")) return;
    const policy = contentSecurityPolicy({ ...options, nonce: randomBytes(16).toString("base64") });
    request.headers["content-security-policy"] = policy;
    response.setHeader("content-security-policy", policy);
  };
}
