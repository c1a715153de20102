import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { TARGET_URL_HEADER, USER_KEY_HEADER } from "../fal/endpoint";
import { costCents, formatUsd } from "../fal/pricing";
import { IdeogramCharacterInputSchema, toFieldErrors, UploadInitiateSchema } from "../fal/schema";
import { AppError, isAppError } from "../errors";
import { formatBytes } from "../format-bytes";
import type { ChargeRef, SpendLedger, StoredResponse } from "../proxy/spend-ledger";
import { RequestInProgressError } from "../proxy/store";
import { classifyTarget, mapToUpstream, type ProxyTarget } from "../proxy/target";
import { hasAccess } from "./access";
import { getServerConfig } from "./config";
import { readCapped } from "./read-capped";
import { getServices } from "./services";
import { finalizeUpstream, forwardToFal } from "./upstream";

/** Where the in-app offline engine is mounted; its file routes are served from here. */
export const OFFLINE_MOUNT = "/api/offline";

async function readBody(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError("payload_too_large", `Request body is larger than ${formatBytes(maxBytes)}. Images travel as uploads, not inline.`);
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

/**
 * A caller may send `Idempotency-Key` with a queue submit: retries with the same key and body are
 * charged once and answered with the first accepted answer (the same `request_id`), from any
 * instance. `@fal-ai/client` retries a submit with the same headers, so a key set per submit
 * holds across its retries. Without the header each HTTP request is its own charge.
 */
export const IDEMPOTENCY_HEADER = "idempotency-key";
/** Replays are kept for queue submits, whose answers are small. */
const MAX_REPLAY_BYTES = 64 * 1024;

function chargeKey(request: Request, target: ProxyTarget, body: string): { key: string; replayable: boolean } {
  const raw = request.headers.get(IDEMPOTENCY_HEADER);
  if (raw === null || target.kind !== "submit") return { key: `request:${randomUUID()}`, replayable: false };
  if (!/^[\x21-\x7e]{1,255}$/.test(raw)) {
    throw new AppError("bad_request", "Idempotency-Key must be 1 to 255 visible ASCII characters, sent once");
  }
  // Keyed on the body too: the same key with other input is another request, and a replay only
  // ever goes to a caller that sent exactly what the first one did.
  const key = createHash("sha256").update(raw).update("\0").update(target.url.href).update("\0").update(body).digest("hex");
  return { key: `idempotent:${key}`, replayable: true };
}

interface Charge {
  /** The first answer to this key, when this is a retry of an accepted submit. */
  replay?: Response;
  refund(): Promise<void>;
  /** Records the accepted answer (for replays) and hands it on. */
  accepted(response: Response): Promise<Response>;
}

const FREE: Charge = { refund: async () => undefined, accepted: async (response) => response };

function replayResponse(stored: StoredResponse): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: { "content-type": stored.contentType, "cache-control": "no-store", "idempotent-replayed": "true" },
  });
}

function budgetExceeded(result: { spentCents: number; capCents: number; resetsAt: Date }, cents: number): AppError {
  const hours = Math.max(0, (result.resetsAt.getTime() - Date.now()) / 3_600_000);
  const cap = formatUsd(result.capCents / 100);
  return new AppError(
    "budget_exceeded",
    `The daily spend cap of ${cap} is reached (${formatUsd(result.spentCents / 100)} spent today; this request costs ${formatUsd(cents / 100)}). It resets at 00:00 UTC, in ${Math.floor(hours)} h ${Math.round((hours % 1) * 60)} min.`,
    { extra: { cap_usd: result.capCents / 100, spent_usd: result.spentCents / 100, resets_at: result.resetsAt.toISOString() } },
  );
}

/** Charges the call against the daily cap before it goes upstream; refunded if upstream refuses it. */
async function chargeBudget(ledger: SpendLedger | undefined, request: Request, target: ProxyTarget, body: string, cents: number): Promise<Charge> {
  if (!ledger || cents === 0) return FREE;
  const { key, replayable } = chargeKey(request, target, body);
  const ref: ChargeRef = { key, attempt: randomUUID() };
  const result = await ledger.charge({ ...ref, cents });
  switch (result.outcome) {
    case "over_cap":
      throw budgetExceeded(result, cents);
    case "in_progress":
      throw new RequestInProgressError(result.retryAfterSeconds);
    case "replay":
      return { ...FREE, replay: replayResponse(result.response) };
    case "charged":
    case "resumed": {
      // A charge taken over from an attempt that never finished is not refunded: that attempt
      // may have reached upstream, and counting it once too often is the safe side of a cap.
      const refund = result.outcome === "charged" ? () => ledger.refund(ref) : FREE.refund;
      return {
        refund,
        accepted: async (response) => {
          if (!replayable) return response;
          const text = await response.text();
          if (text.length <= MAX_REPLAY_BYTES) {
            await ledger.accept(ref, { status: response.status, contentType: response.headers.get("content-type") ?? "application/json", body: text });
          }
          return new Response(text, { status: response.status, headers: response.headers });
        },
      };
    }
  }
}

export async function handleProxy(request: Request): Promise<Response> {
  try {
    const config = getServerConfig();
    const services = getServices(config);
    if (!hasAccess(request.headers, config)) {
      throw new AppError("unauthorized", "Sign in first: this Castboard needs an access token");
    }
    const userKey = config.allowUserKeys ? request.headers.get(USER_KEY_HEADER)?.trim() : undefined;
    const falKey = userKey || config.falKey;
    // Refused targets still count against the rate limit; the refusal is answered after it.
    let target: ProxyTarget | undefined;
    let refusal: unknown;
    try {
      target = classifyTarget(request.headers.get(TARGET_URL_HEADER), request.method);
    } catch (error) {
      refusal = error;
    }
    // Calls that spend fail closed when the shared store is down; the rest keep working.
    const spending = !!falKey && (target?.kind === "submit" || target?.kind === "run");
    const decision = await services.rateLimiter.consume(clientAddress(request.headers), { failClosed: spending });
    if (!decision.allowed) {
      throw new AppError("rate_limited", `Too many requests. Try again in ${decision.retryAfterSeconds} s.`, {
        headers: { "retry-after": String(decision.retryAfterSeconds) },
      });
    }
    if (!target) throw refusal;
    const body = request.method === "GET" ? "" : await readBody(request, config.maxBodyBytes);
    const spendCents = validateBody(target, body);

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
    const charge = userKey ? FREE : await chargeBudget(services.ledger, request, target, body, spendCents);
    if (charge.replay) return charge.replay;
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
      if (!response.ok) {
        await charge.refund();
        return response;
      }
      return await charge.accepted(response);
    } catch (error) {
      await charge.refund();
      throw error;
    }
  } catch (error) {
    if (isAppError(error)) return error.toResponse();
    console.error("Proxy failure", error);
    return new AppError("internal", "The proxy failed unexpectedly. Try again.").toResponse();
  }
}
