import "server-only";
import { TARGET_URL_HEADER, USER_KEY_HEADER } from "../fal/endpoint";
import { costCents, formatUsd } from "../fal/pricing";
import { IdeogramCharacterInputSchema, toFieldErrors, UploadInitiateSchema } from "../fal/schema";
import { AppError, isAppError } from "../errors";
import { classifyTarget, mapToUpstream, type ProxyTarget } from "../proxy/target";
import { hasAccess } from "./access";
import { getServerConfig, type ServerConfig } from "./config";
import { readCapped } from "./read-capped";
import { getServices } from "./services";
import { finalizeUpstream, forwardToFal } from "./upstream";

/** Where the in-app offline engine is mounted; its file routes are served from here. */
export const OFFLINE_MOUNT = "/api/offline";

async function readBody(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError("payload_too_large", `Request body is larger than ${maxBytes / 1024 / 1024} MB. Images travel as uploads, not inline.`);
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  return new TextDecoder().decode(await readCapped(request.body, maxBytes, tooLarge));
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError("bad_request", "Request body is not valid JSON");
  }
}

/** Validates what the call carries; returns the spend it commits to (in cents), if any. */
function validateBody(target: ProxyTarget, body: string): number {
  if (target.kind === "submit" || target.kind === "run") {
    const parsed = IdeogramCharacterInputSchema.safeParse(parseJson(body));
    if (!parsed.success) {
      const detail = toFieldErrors(parsed.error);
      throw new AppError("validation_failed", detail.map((d) => `${d.loc.slice(1).join(".")}: ${d.msg}`).join("; "), { detail });
    }
    return costCents(parsed.data);
  }
  if (target.kind === "upload") {
    const parsed = UploadInitiateSchema.safeParse(parseJson(body));
    if (!parsed.success) {
      const detail = toFieldErrors(parsed.error);
      throw new AppError("unsupported_media_type", detail[0]?.msg ?? "Invalid upload request", { detail });
    }
  } else if (body.trim() !== "") {
    throw new AppError("bad_request", `A ${target.kind} call carries no body`);
  }
  return 0;
}

/**
 * The caller's address. `scripts/serve.mjs` drops caller-sent `X-Forwarded-*` headers unless
 * `TRUST_PROXY=1`, so Next.js fills them from the socket (or the trusted load balancer did).
 */
export function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}

/** The origin the caller reached us at, for URLs handed back to it (offline uploads and files). */
export function publicOrigin(request: Request): string {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
  if (host && /^[A-Za-z0-9.:[\]-]+$/.test(host) && (proto === "http" || proto === "https")) return `${proto}://${host}`;
  return new URL(request.url).origin;
}

async function chargeBudget(config: ServerConfig, cents: number): Promise<() => Promise<void>> {
  const { ledger } = getServices(config);
  if (!ledger || cents === 0) return async () => undefined;
  const result = await ledger.charge(cents);
  if (!result.ok) {
    const hours = Math.max(0, (result.resetsAt.getTime() - Date.now()) / 3_600_000);
    const cap = formatUsd(result.capCents / 100);
    throw new AppError(
      "budget_exceeded",
      `The daily spend cap of ${cap} is reached (${formatUsd(result.spentCents / 100)} spent today; this request costs ${formatUsd(cents / 100)}). It resets at 00:00 UTC, in ${Math.floor(hours)} h ${Math.round((hours % 1) * 60)} min.`,
      { extra: { cap_usd: result.capCents / 100, spent_usd: result.spentCents / 100, resets_at: result.resetsAt.toISOString() } },
    );
  }
  return () => ledger.refund(cents);
}

export async function handleProxy(request: Request): Promise<Response> {
  try {
    const config = getServerConfig();
    const services = getServices(config);
    if (!hasAccess(request.headers, config)) {
      throw new AppError("unauthorized", "Sign in first: this Castboard needs an access token");
    }
    const decision = await services.rateLimiter.consume(clientAddress(request.headers));
    if (!decision.allowed) {
      throw new AppError("rate_limited", `Too many requests. Try again in ${decision.retryAfterSeconds} s.`, {
        headers: { "retry-after": String(decision.retryAfterSeconds) },
      });
    }
    const target = classifyTarget(request.headers.get(TARGET_URL_HEADER), request.method);
    const body = request.method === "GET" ? "" : await readBody(request, config.maxBodyBytes);
    const spendCents = validateBody(target, body);

    const userKey = config.allowUserKeys ? request.headers.get(USER_KEY_HEADER)?.trim() : undefined;
    const falKey = userKey || config.falKey;
    if (!falKey) {
      const base = `${publicOrigin(request)}${OFFLINE_MOUNT}`;
      const engineRequest = new Request(mapToUpstream(target.url, base), {
        method: request.method,
        headers: { "content-type": "application/json" },
        body: request.method === "GET" ? undefined : body,
      });
      return await finalizeUpstream(await services.engine.handle(engineRequest, base), [], "The offline engine");
    }

    // Spend is counted only against the server's own key; a user's key is the user's bill.
    const refund = userKey ? async () => undefined : await chargeBudget(config, spendCents);
    try {
      const response = await forwardToFal({
        request,
        target,
        body: request.method === "GET" ? undefined : body,
        authorization: `Key ${falKey}`,
        upstreamUrl: config.upstreamUrl,
        timeoutMs: config.proxyTimeoutMs,
        secrets: [falKey],
      });
      if (!response.ok) await refund();
      return response;
    } catch (error) {
      await refund();
      throw error;
    }
  } catch (error) {
    if (isAppError(error)) return error.toResponse();
    console.error("Proxy failure", error);
    return new AppError("internal", "The proxy failed unexpectedly. Try again.").toResponse();
  }
}
