import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { ENDPOINT_APP, ENDPOINT_IDS, FAL_HOSTS } from "../../lib/fal/endpoint";

/**
 * A fault layer for the standalone engine, for tests and for trying the app against a bad
 * upstream by hand (`npm run fal:offline -- --faults`). Each kind of request (submit, status,
 * result…) can be switched at run time to answer with one fault instead of the engine's answer:
 *
 * - `status500`, `status502`: fal's JSON error with that status; the engine never sees the call.
 * - `rate429`: 429 with `Retry-After: 2`, as fal answers when an account is over its limits.
 * - `hang`: accepts the call and never answers (the socket stays open until the caller leaves).
 * - `drop`: the engine answers, the headers and part of the body go out, then the socket is destroyed.
 * - `badJson`: the engine answers, and a 200 with its JSON cut in half goes out.
 * - `neverCompletes`: a submit is accepted and its request then stays IN_PROGRESS forever
 *   (status answers IN_PROGRESS, result says it is still in progress, cancel is acknowledged).
 * - `pass`: the engine answers as usual.
 *
 * Switched from a test through the returned handle, or over HTTP at `/__faults`:
 * `POST {"kind":"submit","fault":"rate429","times":4}` (or `{"submit":"rate429","status":"pass"}`),
 * `GET` for the current plan and counters, `DELETE` to pass everything again.
 */
export const FAULTS = ["pass", "status500", "status502", "rate429", "hang", "drop", "badJson", "neverCompletes"] as const;
export type Fault = (typeof FAULTS)[number];

export const FAULT_KINDS = ["submit", "status", "result", "cancel", "upload", "run", "file"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_CONTROL_PATH = "/__faults";
export const RETRY_AFTER_SECONDS = 2;

export interface FaultRule {
  fault: Fault;
  /** How many more calls of this kind get the fault; `null` is until switched off. */
  remaining: number | null;
}

export interface FaultLayer {
  /** Answer calls of `kind` with `fault`, for the next `times` calls or until switched again. */
  set(kind: FaultKind, fault: Fault, options?: { times?: number }): void;
  /** Every kind passes again; requests already held by `neverCompletes` stay held. */
  reset(): void;
  readonly plan: Partial<Record<FaultKind, FaultRule>>;
  /** How many calls each fault has answered. */
  readonly hits: Record<Fault, number>;
  /** Calls held open by `hang` whose caller has not gone yet. */
  readonly openHangs: number;
  /** Request ids held IN_PROGRESS by `neverCompletes`. */
  readonly held: ReadonlySet<string>;
  /** Held request ids whose cancel arrived. */
  readonly cancelled: readonly string[];
  /** Answers `/__faults` calls; false for anything else. */
  control(message: IncomingMessage, reply: ServerResponse): Promise<boolean>;
  /**
   * Answers the call with a fault when one applies, calling `engine` itself if the fault needs the
   * engine's answer; false when the call should go to the engine as usual.
   */
  serve(message: IncomingMessage, reply: ServerResponse, engine: () => Promise<Response>): Promise<boolean>;
  /** Ends held calls, so the server can close. */
  close(): void;
}

/** Submit and run of all three endpoints (character, edit, remix) are one kind each. */
const ENDPOINT_PATHS = new Set<string>(Object.values(ENDPOINT_IDS));
const REQUEST_PATH = new RegExp(`^/${FAL_HOSTS.queue}/${ENDPOINT_APP}/requests/([A-Za-z0-9-]+)(/status|/cancel)?$`);

/** Which kind of fal call a path (as the engine is reached: `/HOST/PATH?QUERY`) is. */
export function faultKind(method: string, url: string): { kind: FaultKind; requestId?: string } | null {
  const path = new URL(url, "http://x").pathname;
  const verb = method.toUpperCase();
  if (path.startsWith("/files/")) return { kind: "file" };
  const [, host = "", endpoint = ""] = /^\/([^/]+)\/(.*)$/.exec(path) ?? [];
  if (verb === "POST" && host === FAL_HOSTS.queue && ENDPOINT_PATHS.has(endpoint)) return { kind: "submit" };
  if (verb === "POST" && host === FAL_HOSTS.sync && ENDPOINT_PATHS.has(endpoint)) return { kind: "run" };
  if (verb === "POST" && path === `/${FAL_HOSTS.rest}/storage/upload/initiate`) return { kind: "upload" };
  const request = REQUEST_PATH.exec(path);
  if (request) {
    const [, requestId, suffix] = request;
    if (suffix === "/cancel") return verb === "PUT" ? { kind: "cancel", requestId } : null;
    if (verb !== "GET") return null;
    return { kind: suffix === "/status" ? "status" : "result", requestId };
  }
  return null;
}

const isFault = (value: unknown): value is Fault => typeof value === "string" && (FAULTS as readonly string[]).includes(value);
const isKind = (value: unknown): value is FaultKind => typeof value === "string" && (FAULT_KINDS as readonly string[]).includes(value);

function sendJson(reply: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  reply.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), "cache-control": "no-store", ...headers });
  reply.end(text);
}

async function readJson(message: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text.trim() === "" ? {} : JSON.parse(text);
}

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (key !== "content-length" && key !== "transfer-encoding") out[key] = value;
  });
  return out;
}

export function createFaultLayer(): FaultLayer {
  const plan: Partial<Record<FaultKind, FaultRule>> = {};
  const hits = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  const hanging = new Set<Socket>();
  const held = new Set<string>();
  const cancelled: string[] = [];

  function set(kind: FaultKind, fault: Fault, options: { times?: number } = {}) {
    if (fault === "pass") delete plan[kind];
    else plan[kind] = { fault, remaining: options.times ?? null };
  }

  function reset() {
    for (const kind of FAULT_KINDS) delete plan[kind];
  }

  /** The fault for this call, counting it down. */
  function take(kind: FaultKind): Fault {
    const rule = plan[kind];
    if (!rule) return "pass";
    if (rule.remaining !== null) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) delete plan[kind];
    }
    return rule.fault;
  }

  function state() {
    return { plan, hits, openHangs: hanging.size, held: [...held], cancelled };
  }

  async function control(message: IncomingMessage, reply: ServerResponse): Promise<boolean> {
    if (new URL(message.url ?? "/", "http://x").pathname !== FAULT_CONTROL_PATH) return false;
    const method = (message.method ?? "GET").toUpperCase();
    if (method === "DELETE") {
      reset();
      sendJson(reply, 200, state());
      return true;
    }
    if (method === "POST" || method === "PUT") {
      let body: unknown;
      try {
        body = await readJson(message);
      } catch {
        sendJson(reply, 400, { detail: "The body is not valid JSON" });
        return true;
      }
      const record = (body ?? {}) as Record<string, unknown>;
      const changes: [FaultKind, Fault, number | undefined][] = [];
      if ("kind" in record || "fault" in record) {
        const times = record.times === undefined ? undefined : Number(record.times);
        if (!isKind(record.kind) || !isFault(record.fault) || (times !== undefined && !(Number.isInteger(times) && times > 0))) {
          sendJson(reply, 400, { detail: `Send {"kind": one of ${FAULT_KINDS.join(", ")}, "fault": one of ${FAULTS.join(", ")}, "times"?: a positive integer}` });
          return true;
        }
        changes.push([record.kind, record.fault, times]);
      } else {
        for (const [kind, fault] of Object.entries(record)) {
          if (!isKind(kind) || !isFault(fault)) {
            sendJson(reply, 400, { detail: `Unknown kind or fault: ${kind}: ${String(fault)}` });
            return true;
          }
          changes.push([kind, fault, undefined]);
        }
      }
      for (const [kind, fault, times] of changes) set(kind, fault, { times });
      sendJson(reply, 200, state());
      return true;
    }
    if (method === "GET") {
      sendJson(reply, 200, state());
      return true;
    }
    sendJson(reply, 405, { detail: "Use GET, POST or DELETE" });
    return true;
  }

  function inProgress(requestId: string, withLogs: boolean) {
    const base = `https://${FAL_HOSTS.queue}/${ENDPOINT_APP}/requests/${requestId}`;
    return {
      request_id: requestId,
      response_url: base,
      status_url: `${base}/status`,
      cancel_url: `${base}/cancel`,
      status: "IN_PROGRESS",
      logs: withLogs ? [{ message: "Still working on it", level: "INFO", source: "USER", timestamp: new Date().toISOString() }] : [],
    };
  }

  async function serve(message: IncomingMessage, reply: ServerResponse, engine: () => Promise<Response>): Promise<boolean> {
    const call = faultKind(message.method ?? "GET", message.url ?? "/");
    if (!call) return false;
    const withLogs = new URL(message.url ?? "/", "http://x").searchParams.get("logs") === "1";

    // A request held by neverCompletes stays held whatever the plan says now.
    if (call.requestId && held.has(call.requestId)) {
      if (call.kind === "status") sendJson(reply, 202, inProgress(call.requestId, withLogs));
      else if (call.kind === "result") sendJson(reply, 400, { detail: "Request is still in progress" });
      else {
        cancelled.push(call.requestId);
        sendJson(reply, 202, { status: "CANCELLATION_REQUESTED" });
      }
      return true;
    }

    const fault = take(call.kind);
    if (fault === "pass") return false;
    hits[fault] += 1;
    switch (fault) {
      case "status500":
        sendJson(reply, 500, { detail: "Internal server error" });
        return true;
      case "status502":
        sendJson(reply, 502, { detail: "Bad gateway" });
        return true;
      case "rate429":
        sendJson(reply, 429, { detail: "Rate limit exceeded" }, { "retry-after": String(RETRY_AFTER_SECONDS) });
        return true;
      case "hang": {
        const socket = message.socket;
        hanging.add(socket);
        socket.once("close", () => hanging.delete(socket));
        // Drain the body so the caller is not blocked writing it; never answer.
        message.resume();
        return true;
      }
      case "drop":
      case "badJson": {
        const response = await engine();
        const body = Buffer.from(await response.arrayBuffer());
        const half = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
        if (fault === "badJson") {
          reply.writeHead(200, { ...headersOf(response), "content-type": "application/json", "content-length": String(half.length) });
          reply.end(half);
          return true;
        }
        // Promise the whole body, send half, and cut the connection.
        reply.writeHead(response.status, { ...headersOf(response), "content-length": String(body.length) });
        reply.flushHeaders();
        reply.write(half, () => setTimeout(() => reply.socket?.destroy(), 20));
        return true;
      }
      case "neverCompletes": {
        if (call.kind === "submit" || call.kind === "run") {
          if (call.kind === "run") {
            // A synchronous run that never completes is a hang.
            message.resume();
            hanging.add(message.socket);
            message.socket.once("close", () => hanging.delete(message.socket));
            return true;
          }
          const response = await engine();
          const text = await response.text();
          if (response.ok) {
            const id = (JSON.parse(text) as { request_id?: unknown }).request_id;
            if (typeof id === "string") held.add(id);
          }
          reply.writeHead(response.status, { ...headersOf(response), "content-length": String(Buffer.byteLength(text)) });
          reply.end(text);
          return true;
        }
        if (call.kind === "status" && call.requestId) {
          sendJson(reply, 202, inProgress(call.requestId, withLogs));
          return true;
        }
        if (call.kind === "result") {
          sendJson(reply, 400, { detail: "Request is still in progress" });
          return true;
        }
        return false;
      }
    }
  }

  return {
    set,
    reset,
    plan,
    hits,
    get openHangs() {
      return hanging.size;
    },
    held,
    cancelled,
    control,
    serve,
    close() {
      for (const socket of hanging) socket.destroy();
      hanging.clear();
    },
  };
}
