import "server-only";
import { handleRequest, type ProxyBehavior } from "@fal-ai/server-proxy";
import { AppError, isAppError } from "../errors";
import { mapToUpstream, serverProxyAllowList, type ProxyTarget } from "../proxy/target";
import { withFetchSignal } from "./abortable-fetch";
import { readCapped } from "./read-capped";

/** Upstream responses are small JSON, but sync-mode results inline their images. */
const MAX_UPSTREAM_BYTES = 64 * 1024 * 1024;
const DROPPED_HEADERS = new Set([
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "set-cookie",
]);
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
    raw = await readCapped(response.body, MAX_UPSTREAM_BYTES, () => new AppError("upstream_failed", "The upstream response was too large"));
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
  if (response.status >= 500) {
    const code = response.status === 503 ? "upstream_unavailable" : response.status === 504 ? "upstream_timeout" : "upstream_failed";
    const detail = upstreamMessage(parsed);
    throw new AppError(code, `${label} failed with HTTP ${response.status}${detail ? ` (${detail})` : ""}. Try again in a moment.`, {
      extra: { upstream_status: response.status },
    });
  }
  const headers = new Headers();
  response.headers.forEach((value, key) => {
    if (!DROPPED_HEADERS.has(key.toLowerCase())) headers.set(key, redact(value, secrets));
  });
  headers.set("cache-control", "no-store");
  if (!response.ok && !isJson) {
    headers.set("content-type", "application/json");
    return new Response(JSON.stringify({ error: "upstream_failed", message: `${label} answered HTTP ${response.status}` }), {
      status: response.status,
      headers,
    });
  }
  return new Response(text, { status: response.status, headers });
}

function networkFailure(error: unknown, label: string, timeoutMs: number, timedOut: boolean): AppError {
  if (timedOut) {
    return new AppError("upstream_timeout", `${label} did not answer within ${Math.round(timeoutMs / 1000)} s. Try again.`);
  }
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return new AppError("upstream_unavailable", `Could not reach ${label}${cause ? ` (${cause})` : ""}. Check the connection and try again.`);
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
      throw new AppError(status === 401 ? "unauthorized" : "target_not_allowed", typeof data === "string" ? data : "Refused");
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
