import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { TARGET_URL_HEADER, USER_KEY_HEADER } from "../fal/endpoint";
import { costCents, formatUsd } from "../fal/pricing";
import { INPUT_SCHEMAS, toFieldErrors, UploadInitiateSchema } from "../fal/schema";
import { AppError, isAppError } from "../errors";
import type { ChargeRef, SpendLedger, StoredResponse } from "../proxy/spend-ledger";
import { RequestInProgressError } from "../proxy/store";
import { classifyTarget, mapToUpstream, type ProxyTarget } from "../proxy/target";
import { clientAddress } from "./client-address";
import { getServerConfig, type ServerConfig } from "./config";
import { readBody } from "./read-capped";
import { getServices } from "./services";
import { authorize } from "./sign-in-guard";
import { finalizeUpstream, forwardToFal } from "./upstream";

/** Where the in-app offline engine is mounted; its file routes are served from here. */
export const OFFLINE_MOUNT = "/api/offline";

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
    const parsed = INPUT_SCHEMAS[target.endpoint].safeParse(parseJson(body));
    if (!parsed.success) {
      const detail = toFieldErrors(parsed.error);
      throw new AppError("validation_failed", detail.map((d) => `${d.loc.slice(1).join(".")}: ${d.msg}`).join("; "), { detail });
    }
    return costCents(parsed.data, target.endpoint);
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
 * Where the in-app engine's URLs point: `APP_ORIGIN` when configured, else relative to the page
 * (the browser resolves them). Never the Host header, which any caller can set.
 */
export function offlineBase(config: ServerConfig): string {
  return `${config.appOrigin ?? ""}${OFFLINE_MOUNT}`;
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
  // Keyed on the target and the body too: the same key sent to another endpoint (character, edit,
  // remix) or with other input is another request, and a replay only ever goes to a caller that
  // sent exactly what the first one did.
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

/** "3 h 5 min", "45 min", "1 min": whole minutes, rounded up, so it never says "2 h 60 min". */
export function untilText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

function budgetExceeded(result: { spentCents: number; capCents: number; resetsAt: Date }, cents: number): AppError {
  const cap = formatUsd(result.capCents / 100);
  return new AppError(
    "budget_exceeded",
    `The daily spend cap of ${cap} is reached (${formatUsd(result.spentCents / 100)} spent today; this request costs ${formatUsd(cents / 100)}). It resets at 00:00 UTC, in ${untilText(result.resetsAt.getTime() - Date.now())}.`,
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

/**
 * Whether a call that failed certainly never ran upstream, so its charge can go back: fal answered
 * 4xx (it refused the request), or the call never left this server (refused target, connection
 * refused). A timeout, a dropped connection or a 5xx may have run and been billed: it stays charged.
 */
function clearlyNotRun(failure: Response | unknown): boolean {
  if (failure instanceof Response) return failure.status >= 400 && failure.status < 500;
  return isAppError(failure) && failure.extra.not_sent === true;
}

const mayHaveRun = (error: AppError, spent: boolean) =>
  spent
    ? new AppError(error.code, `${error.message} The request may still have run on fal, so it stays counted against today's spend cap.`, {
        headers: error.headers,
        extra: { ...error.extra, may_have_run: true },
      })
    : error;

/** The engine is called in-process; this URL only carries the path it routes on. */
const ENGINE_ORIGIN = "http://offline-engine.internal";

export async function handleProxy(request: Request): Promise<Response> {
  try {
    const config = getServerConfig();
    const services = getServices(config);
    const client = clientAddress(request.headers);
    const userKey = config.allowUserKeys ? request.headers.get(USER_KEY_HEADER)?.trim() : undefined;
    const falKey = userKey || config.falKey;
    // Refused targets and callers still count against the rate limit; refusals are answered after it.
    let target: ProxyTarget | undefined;
    let refusal: unknown;
    try {
      target = classifyTarget(request.headers.get(TARGET_URL_HEADER), request.method);
    } catch (error) {
      refusal = error;
    }
    // Calls that spend fail closed when the shared store is down; the rest keep working.
    const spending = !!falKey && (target?.kind === "submit" || target?.kind === "run");
    const decision = await services.rateLimiter.consume(client, { failClosed: spending });
    if (!decision.allowed) {
      throw new AppError("rate_limited", `Too many requests. Try again in ${decision.retryAfterSeconds} s.`, {
        headers: { "retry-after": String(decision.retryAfterSeconds) },
      });
    }
    await authorize(request.headers, client, config, services.signIn);
    if (!target) throw refusal;
    const body = request.method === "GET" ? "" : await readBody(request, config, { hint: "Images travel as uploads, not inline." });
    const spendCents = validateBody(target, body);

    if (!falKey) {
      const base = offlineBase(config);
      const engineRequest = new Request(mapToUpstream(target.url, `${ENGINE_ORIGIN}${OFFLINE_MOUNT}`), {
        method: request.method,
        headers: { "content-type": "application/json" },
        body: request.method === "GET" ? undefined : body,
      });
      return await finalizeUpstream(await services.engine.handle(engineRequest, base, { client }), [], "The offline engine");
    }

    // Spend is counted only against the server's own key; a user's key is the user's bill.
    const charge = userKey ? FREE : await chargeBudget(services.ledger, request, target, body, spendCents);
    if (charge.replay) return charge.replay;
    let response: Response;
    try {
      response = await forwardToFal({
        request,
        target,
        body: request.method === "GET" ? undefined : body,
        authorization: `Key ${falKey}`,
        upstreamUrl: config.upstreamUrl,
        timeoutMs: config.proxyTimeoutMs,
        secrets: [falKey],
      });
    } catch (error) {
      if (clearlyNotRun(error)) await charge.refund();
      else if (isAppError(error)) throw mayHaveRun(error, charge !== FREE);
      throw error;
    }
    if (!response.ok) {
      if (clearlyNotRun(response)) await charge.refund();
      return response;
    }
    return await charge.accepted(response);
  } catch (error) {
    if (isAppError(error)) return error.toResponse();
    console.error("Proxy failure", error);
    return new AppError("internal", "The proxy failed unexpectedly. Try again.").toResponse();
  }
}
