import "server-only";
import { randomUUID, timingSafeEqual } from "node:crypto";
import { ENDPOINT_APP, ENDPOINT_IDS, ENDPOINT_KINDS, FAL_HOSTS, type EndpointKind } from "../fal/endpoint";
import { INPUT_SCHEMAS, toFieldErrors, UploadInitiateSchema } from "../fal/schema";
import { sniffImageType } from "../images/sniff";
import { readCapped } from "../server/read-capped";
import { isAppError } from "../errors";
import { checkInlineImages, InputError } from "./inputs";
import { JobQueue, type EndpointRequest, type Job, type QueueLimits, type SubmitRefusal } from "./jobs";
import { jobRunner } from "./run-job";
import { FileStore, ownerOf, WRITE_REFUSALS, type StorageQuota } from "./storage";

/**
 * A fal-compatible engine for `fal-ai/ideogram/character` and its edit and remix endpoints that
 * draws draft panels locally.
 * It answers the URL mapping of `FAL_UPSTREAM_URL` (`BASE/HOST/PATH?QUERY`) plus its own
 * file routes (`BASE/files/...`), and is used in-process by the proxy and as its own server.
 */
export interface OfflineEngineOptions {
  dataDir: string;
  /** When set, every queue and storage call must carry `Authorization: Key <requiredKey>`. */
  requiredKey?: string;
  latencyMs?: number;
  concurrency?: number;
  retentionMs?: number;
  /** Queue, kept-request and storage limits; unset ones are unbounded (the standalone test engine). */
  limits?: Partial<QueueLimits & { storageBytes: number; storageBytesPerClient: number }>;
  /** Upload bodies that stall this long (or take longer in all) are dropped with 408. */
  bodyIdleTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

export interface EngineContext {
  /** The caller's address, for per-client limits; unset counts every caller as one. */
  client?: string;
}

export interface OfflineEngine {
  /**
   * `base` is where the engine is mounted as callers reach it: an absolute URL, or a root-relative
   * path (then the URLs it hands back are relative too, never built from a Host header).
   */
  handle(request: Request, base: string, context?: EngineContext): Promise<Response>;
  readonly pending: number;
  close(): void;
}

const MAX_UPLOAD_BYTES = 12 * 1000 * 1000;
const UNBOUNDED = Number.POSITIVE_INFINITY;
const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD, PUT, OPTIONS",
  "access-control-allow-headers": "content-type",
};

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
const fail = (status: number, detail: unknown) => json({ detail }, status);

/** Submit and run paths (`HOST/ENDPOINT_ID`) and the endpoint each is for. */
const SUBMIT_ROUTES = new Map(
  ENDPOINT_KINDS.flatMap((kind): [string, EndpointKind][] => [
    [`POST ${FAL_HOSTS.queue}/${ENDPOINT_IDS[kind]}`, kind],
    [`POST ${FAL_HOSTS.sync}/${ENDPOINT_IDS[kind]}`, kind],
  ]),
);

function queueRefusal(refusal: SubmitRefusal): Response {
  const message =
    refusal.refused === "client_queue_full"
      ? `You already have ${refusal.waiting} requests waiting or drawing. Wait for some to finish, then submit again.`
      : `The offline engine is busy: ${refusal.waiting} requests are waiting. Try again in a minute.`;
  return json({ detail: message, error: "queue_full", message }, 429, { "retry-after": "10" });
}

export function createOfflineEngine(options: OfflineEngineOptions): OfflineEngine {
  const limits = options.limits ?? {};
  const quota: StorageQuota = { totalBytes: limits.storageBytes ?? UNBOUNDED, perClientBytes: limits.storageBytesPerClient ?? UNBOUNDED };
  const files = new FileStore(options.dataDir, quota);
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const queue = new JobQueue(options.dataDir, {
    concurrency: options.concurrency ?? 4,
    latencyMs: options.latencyMs ?? 0,
    limits: {
      queueMax: limits.queueMax ?? UNBOUNDED,
      queuePerClient: limits.queuePerClient ?? UNBOUNDED,
      jobsKept: limits.jobsKept ?? UNBOUNDED,
      jobsKeptPerClient: limits.jobsKeptPerClient ?? UNBOUNDED,
    },
    execute: jobRunner(files),
    onForget: async (job) => {
      for (const image of job.outcome?.ok ? job.outcome.images : []) await files.remove(image.fileName);
    },
  });
  const pruneTimer = setInterval(() => void prune(), Math.min(retentionMs, 10 * 60 * 1000));
  pruneTimer.unref?.();
  void prune();

  async function prune() {
    await files.prune(retentionMs);
    await queue.prune(retentionMs);
  }

  function queueUrls(id: string) {
    const base = `https://${FAL_HOSTS.queue}/${ENDPOINT_APP}/requests/${id}`;
    return { request_id: id, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
  }

  async function renderResult(job: Job, base: string): Promise<Response> {
    const outcome = job.outcome!;
    if (!outcome.ok) return json(outcome.body, outcome.status, { "x-fal-request-id": job.id });
    const images = await Promise.all(
      outcome.images.map(async (image) => ({
        url: job.syncMode
          ? `data:image/png;base64,${(await files.read(image.fileName))?.bytes.toString("base64") ?? ""}`
          : `${base}/files/${image.fileName}`,
        content_type: "image/png",
        file_name: image.fileName,
        file_size: image.size,
        width: image.width,
        height: image.height,
      })),
    );
    return json({ images, seed: outcome.seed }, 200, { "x-fal-request-id": job.id });
  }

  function statusBody(job: Job, withLogs: boolean) {
    const common = { ...queueUrls(job.id), status: job.status };
    if (job.status === "IN_QUEUE") return { ...common, queue_position: queue.queuePosition(job.id) };
    const logs = withLogs ? job.logs : [];
    if (job.status === "IN_PROGRESS") return { ...common, logs };
    const seconds = ((job.completedAt ?? 0) - (job.startedAt ?? job.completedAt ?? 0)) / 1000;
    return {
      ...common,
      logs,
      metrics: { inference_time: seconds },
      ...(job.outcome && !job.outcome.ok ? { error: job.outcome.message } : {}),
    };
  }

  async function parseJson(request: Request): Promise<unknown> {
    try {
      return JSON.parse(await request.text());
    } catch {
      return Symbol.for("invalid");
    }
  }

  /** Validates a submit with its endpoint's schema, inline images included, so a broken one is refused now rather than queued. */
  async function accept(request: Request, endpoint: EndpointKind): Promise<EndpointRequest | Response> {
    const body = await parseJson(request);
    if (typeof body === "symbol") return fail(400, "Request body is not valid JSON");
    const parsed = INPUT_SCHEMAS[endpoint].safeParse(body);
    if (!parsed.success) return fail(422, toFieldErrors(parsed.error));
    try {
      checkInlineImages(parsed.data);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return fail(422, error.detail);
    }
    // The input passed the schema of exactly this endpoint.
    return { endpoint, input: parsed.data } as EndpointRequest;
  }

  function storageFull(result: "client_full" | "store_full"): Response {
    return json({ detail: WRITE_REFUSALS[result], error: "storage_full", message: WRITE_REFUSALS[result] }, 507, CORS);
  }

  function authorized(request: Request): boolean {
    if (!options.requiredKey) return true;
    const given = Buffer.from(request.headers.get("authorization") ?? "");
    const expected = Buffer.from(`Key ${options.requiredKey}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async function handleUpload(request: Request, fileName: string, query: URLSearchParams, base: string): Promise<Response> {
    if (request.method !== "PUT") return json({ detail: "Use PUT to upload" }, 405, CORS);
    const owner = await files.verifyUpload(fileName, query);
    if (!owner) return json({ detail: "Upload URL is invalid or expired. Upload the file again for a new one." }, 403, CORS);
    if (await files.used(fileName)) return json({ detail: WRITE_REFUSALS.exists }, 409, CORS);
    const tooLarge = () => new InputError("File is larger than 12 MB", []);
    let bytes: Uint8Array;
    try {
      if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES) throw tooLarge();
      bytes = await readCapped(request.body, {
        maxBytes: MAX_UPLOAD_BYTES,
        tooLarge,
        idleTimeoutMs: options.bodyIdleTimeoutMs ?? 10_000,
        timeoutMs: options.bodyTimeoutMs ?? 60_000,
      });
    } catch (error) {
      if (error instanceof InputError) return json({ detail: error.message }, 413, { ...CORS, connection: "close" });
      if (isAppError(error)) return json({ detail: error.message }, error.status, { ...CORS, ...error.headers });
      throw error;
    }
    const expected = files.parseName(fileName)?.contentType;
    if (sniffImageType(bytes) !== expected) {
      return json({ detail: `The uploaded bytes are not a ${expected ?? "supported"} image` }, 415, CORS);
    }
    const written = await files.write(fileName, owner, bytes);
    if (written === "exists") return json({ detail: WRITE_REFUSALS.exists }, 409, CORS);
    if (written !== "written") return storageFull(written);
    return json({ url: `${base}/files/${fileName}` }, 200, CORS);
  }

  async function handleFiles(request: Request, rest: string, query: URLSearchParams, base: string): Promise<Response> {
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
    const upload = /^upload\/([^/]+)$/.exec(rest);
    if (upload?.[1]) return handleUpload(request, upload[1], query, base);
    if (request.method !== "GET" && request.method !== "HEAD") return json({ detail: "Method not allowed" }, 405, CORS);
    const file = await files.read(rest);
    if (!file) return json({ detail: "File not found" }, 404, CORS);
    return new Response(request.method === "HEAD" ? null : new Uint8Array(file.bytes), {
      headers: {
        ...CORS,
        "content-type": file.contentType,
        "content-length": String(file.bytes.length),
        // A file never changes once written (its upload URL works once), so it may be cached for good.
        "cache-control": "public, max-age=31536000, immutable",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
      },
    });
  }

  async function handle(request: Request, base: string, context: EngineContext = {}): Promise<Response> {
    const mount = new URL(base, request.url);
    const url = new URL(request.url);
    const relative = url.pathname.slice(mount.pathname.replace(/\/+$/, "").length).replace(/^\/+/, "");
    const method = request.method.toUpperCase();
    const root = base.replace(/\/+$/, "");
    const owner = ownerOf(context.client);

    if (relative.startsWith("files/")) return handleFiles(request, relative.slice("files/".length), url.searchParams, root);
    if (!authorized(request)) return fail(401, "Invalid or missing API key");

    const [host, ...pathParts] = relative.split("/");
    const route = `${method} ${host}/${pathParts.join("/")}`;
    const requestPath = new RegExp(`^(GET|PUT) ${FAL_HOSTS.queue}/${ENDPOINT_APP}/requests/([A-Za-z0-9-]+)(/status|/cancel)?$`).exec(route);

    if (route === `POST ${FAL_HOSTS.rest}/storage/upload/initiate`) {
      const parsed = UploadInitiateSchema.safeParse(await parseJson(request));
      if (!parsed.success) return fail(422, toFieldErrors(parsed.error));
      const room = await files.room(owner);
      if (room !== "ok") return storageFull(room);
      const fileName = files.newFileName(parsed.data.content_type);
      return json({
        upload_url: `${root}/files/upload/${fileName}?${await files.uploadQuery(fileName, owner)}`,
        file_url: `${root}/files/${fileName}`,
      });
    }
    const endpoint = SUBMIT_ROUTES.get(route);
    if (endpoint) {
      const accepted = await accept(request, endpoint);
      if (accepted instanceof Response) return accepted;
      const room = await files.room(owner);
      if (room !== "ok") return storageFull(room);
      const syncMode = !!accepted.input.sync_mode;
      const job: Job = { id: randomUUID(), endpoint, owner, syncMode, status: "IN_QUEUE", logs: [], submittedAt: Date.now() };
      let refusal: SubmitRefusal | null;
      try {
        refusal = await queue.submit(job, accepted.input);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOSPC") return storageFull("store_full");
        throw error;
      }
      if (refusal) return queueRefusal(refusal);
      if (host === FAL_HOSTS.queue) {
        return json({ ...queueUrls(job.id), status: "IN_QUEUE", queue_position: queue.queuePosition(job.id) }, 200, {
          "x-fal-request-id": job.id,
        });
      }
      while (job.status !== "COMPLETED") await new Promise((resolve) => setTimeout(resolve, 25));
      return renderResult(job, root);
    }
    if (requestPath) {
      const [, verb, id = "", suffix] = requestPath;
      const job = await queue.get(id);
      if (verb === "PUT" && suffix === "/cancel") {
        const answer = await queue.cancel(id);
        const status = answer === "CANCELLATION_REQUESTED" ? 202 : answer === "NOT_FOUND" ? 404 : 400;
        return json({ status: answer }, status);
      }
      if (verb === "GET" && job && suffix === "/status") {
        return json(statusBody(job, url.searchParams.get("logs") === "1"), job.status === "COMPLETED" ? 200 : 202);
      }
      if (verb === "GET" && job && !suffix) {
        if (job.status !== "COMPLETED") return fail(400, "Request is still in progress");
        return renderResult(job, root);
      }
      if (!job && verb === "GET") return fail(404, "Request not found");
    }
    return fail(404, `The offline engine does not serve ${method} ${host ?? ""}/${pathParts.join("/")}`);
  }

  return {
    handle,
    get pending() {
      return queue.pending;
    },
    close: () => clearInterval(pruneTimer),
  };
}
