import "server-only";
import { handleRequest, type ProxyBehavior } from "@fal-ai/server-proxy";
import { AppError, isAppError } from "../errors";
import { mapToUpstream, serverProxyAllowList, type ProxyTarget } from "../proxy/target";
import { withFetchSignal } from "./abortable-fetch";
import { readCapped } from "./read-capped";

/** Upstream responses are small JSON, but sync-mode results inline their images. */
const MAX_UPSTREAM_BYTES = 64 * 1024 * 1024;
/**
 * Upstream headers a caller may see. Everything else (content types, cookies, caching, CORS) is
 * the app's own: an upstream answer is never served from our origin as anything but JSON.
 */
const PASSED_HEADERS = ["x-fal-request-id", "retry-after"];
/** fal headers the client may set that upstream understands; nothing else is forwarded. */
const FORWARDED_FAL_HEADERS = [
  "x-fal-queue-priority",
  "x-fal-runner-hint",
  "x-fal-request-timeout",
  "x-fal-object-lifecycle",
  "x-fal-object-lifecycle-preference",
];

export interface UpstreamCall {
  request: Request;
  target: ProxyTarget;
  body: string | undefined;
  authorization: string;
  upstreamUrl?: string;
  timeoutMs: number;
  /** Strings that must never leave the server (the key). */
  secrets: string[];
}

function redact(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => (secret && out.includes(secret) ? out.replaceAll(secret, "[redacted]") : out), text);
}

function upstreamMessage(parsed: unknown): string | undefined {
  if (parsed && typeof parsed === "object") {
    const record = parsed as Record<string, unknown>;
    const value = record.message ?? record.detail;
    if (typeof value === "string") return value;
  }
  return undefined;
}

/**
 * Turns whatever upstream answered into a response the browser can rely on: JSON that parses,
 * 5xx as a clear error, no key anywhere. `label` names the upstream in messages.
 */
export async function finalizeUpstream(response: Response, secrets: string[], label: string): Promise<Response> {
  let raw: Uint8Array;
  try {
    raw = await readCapped(response.body, {
      maxBytes: MAX_UPSTREAM_BYTES,
      tooLarge: () => new AppError("upstream_failed", "The upstream response was too large"),
    });
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError("upstream_failed", `${label} dropped the connection before finishing its answer. Try again.`);
  }
  const text = redact(new TextDecoder().decode(raw), secrets);
  const isJson = (response.headers.get("content-type") ?? "").includes("application/json");
  let parsed: unknown;
  if (isJson) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError("upstream_failed", `${label} sent a malformed answer (invalid JSON). Try again.`);
    }
  }
  if (response.status === 507) {
    throw new AppError("storage_full", upstreamMessage(parsed) ?? `${label} has no room left for more files. Try again later.`);
  }
  if (response.status >= 500) {
    const code = response.status === 503 ? "upstream_unavailable" : response.status === 504 ? "upstream_timeout" : "upstream_failed";
    const detail = upstreamMessage(parsed);
    throw new AppError(code, `${label} failed with HTTP ${response.status}${detail ? ` (${detail})` : ""}. Try again in a moment.`, {
      extra: { upstream_status: response.status },
    });
  }
  if (!isJson && response.ok) throw new AppError("upstream_failed", `${label} sent an answer that is not JSON. Try again.`);
  const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store" });
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers.set(name, redact(value, secrets));
  }
  const body = isJson ? text : JSON.stringify({ error: "upstream_failed", message: `${label} answered HTTP ${response.status}` });
  return new Response(body, { status: response.status, headers });
}

function networkFailure(error: unknown, label: string, timeoutMs: number, timedOut: boolean): AppError {
  if (timedOut) {
    return new AppError("upstream_timeout", `${label} did not answer within ${Math.round(timeoutMs / 1000)} s. Try again.`);
  }
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  // These fail before a byte of the request is sent, so the call certainly did not run.
  const notSent = cause === "ECONNREFUSED" || cause === "ENOTFOUND" || cause === "EAI_AGAIN";
  return new AppError("upstream_unavailable", `Could not reach ${label}${cause ? ` (${cause})` : ""}. Check the connection and try again.`, {
    extra: notSent ? { not_sent: true } : {},
  });
}

/** Forwards an allowed call through `@fal-ai/server-proxy`'s `handleRequest`, to fal or to `FAL_UPSTREAM_URL`. */
export async function forwardToFal(call: UpstreamCall): Promise<Response> {
  const targetUrl = call.upstreamUrl ? mapToUpstream(call.target.url, call.upstreamUrl) : call.target.url.href;
  const label = call.upstreamUrl ? "The fal upstream" : "fal";
  const forwarded: Record<string, string> = {};
  for (const name of FORWARDED_FAL_HEADERS) {
    const value = call.request.headers.get(name);
    if (value) forwarded[name] = value;
  }
  const outgoingHeaders = new Headers();
  const behavior: ProxyBehavior<Response> = {
    id: "castboard",
    method: call.request.method,
    getRequestBody: async () => call.body,
    getHeaders: () => forwarded,
    getHeader: (name) => {
      const key = name.toLowerCase();
      if (key === "x-fal-target-url") return targetUrl;
      if (key === "user-agent") return call.request.headers.get("user-agent") ?? undefined;
      return forwarded[key];
    },
    sendHeader: (name, value) => outgoingHeaders.set(name, value),
    respondWith: (status, data) => {
      throw new AppError(status === 401 ? "unauthorized" : "target_not_allowed", typeof data === "string" ? data : "Refused", {
        extra: { not_sent: true },
      });
    },
    sendResponse: async (response) => finalizeUpstream(response, call.secrets, label),
  };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, call.timeoutMs);
  try {
    return await withFetchSignal(controller.signal, () =>
      handleRequest(behavior, {
        ...serverProxyAllowList(call.upstreamUrl),
        allowUnauthorizedRequests: false,
        // Access was already checked by our route before we got here.
        isAuthenticated: async () => true,
        resolveFalAuth: async () => call.authorization,
      }),
    );
  } catch (error) {
    if (isAppError(error) && !timedOut) throw error;
    throw networkFailure(error, label, call.timeoutMs, timedOut);
  } finally {
    clearTimeout(timer);
  }
}
