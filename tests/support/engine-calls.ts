import { rmSync } from "node:fs";
import { expect } from "vitest";
import { createOfflineEngine, type OfflineEngine, type OfflineEngineOptions } from "@/lib/offline/engine";
import { tempDir } from "./servers";

/** The offline engine called in-process, the way the proxy calls it, for unit tests. */
export const BASE = "http://engine.test";

export interface ResultBody {
  images: { url: string; width: number; height: number; content_type: string }[];
  seed: number;
  detail?: { loc: (string | number)[]; msg: string }[];
}

/** Engines made by a test file, each in its own data directory, closed and removed by `cleanup`. */
export function engineFactory(prefix: string) {
  const made: { engine: OfflineEngine; dataDir: string }[] = [];
  const engine = (options: Partial<OfflineEngineOptions> = {}) => {
    const dataDir = options.dataDir ?? tempDir(prefix);
    const entry = { engine: createOfflineEngine({ ...options, dataDir }), dataDir };
    made.push(entry);
    return entry;
  };
  return {
    engine,
    /**
     * Submits to an engine that takes a minute per request and closes it before the request ends, as
     * a restart would; `restart` opens a new engine on the same data directory.
     */
    async interrupted(endpointPath: string, makeInput: (e: OfflineEngine) => Promise<Record<string, unknown>>) {
      const first = engine({ latencyMs: 60_000 });
      const submitted = await call(first.engine, "POST", `queue.fal.run/${endpointPath}`, await makeInput(first.engine));
      const { request_id: requestId } = (await submitted.json()) as { request_id: string };
      first.engine.close();
      return { requestId, dataDir: first.dataDir, restart: () => engine({ dataDir: first.dataDir }).engine };
    },
    cleanup() {
      for (const { engine, dataDir } of made.splice(0)) {
        engine.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export const call = (e: OfflineEngine, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  e.handle(
    new Request(`${BASE}/${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : body instanceof Uint8Array ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body),
    }),
    BASE,
  );

export async function upload(e: OfflineEngine, bytes: Uint8Array, type = "image/jpeg", headers: Record<string, string> = {}) {
  const init = await call(e, "POST", "rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3", { content_type: type, file_name: "x" }, headers);
  expect(init.status).toBe(200);
  const { upload_url, file_url } = (await init.json()) as { upload_url: string; file_url: string };
  const put = await e.handle(new Request(upload_url, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> }), BASE);
  return { put, file_url };
}

export async function waitDone(e: OfflineEngine, id: string, headers: Record<string, string> = {}) {
  for (let i = 0; i < 600; i++) {
    const status = (await (await call(e, "GET", `queue.fal.run/fal-ai/ideogram/requests/${id}/status?logs=1`, undefined, headers)).json()) as {
      status: string;
      logs: { message: string }[];
    };
    if (status.status === "COMPLETED") return status;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("never completed");
}

/** Queue-submits to `endpointPath` (`fal-ai/ideogram/character`, `.../edit`…), waits, and reads the result. */
export async function generate(e: OfflineEngine, input: Record<string, unknown>, endpointPath = "fal-ai/ideogram/character") {
  const submitted = (await (await call(e, "POST", `queue.fal.run/${endpointPath}`, input)).json()) as { request_id: string };
  const status = await waitDone(e, submitted.request_id);
  const result = await call(e, "GET", `queue.fal.run/fal-ai/ideogram/requests/${submitted.request_id}`);
  return { id: submitted.request_id, status: result.status, logs: status.logs.map((l) => l.message), result: (await result.json()) as ResultBody };
}

export async function fetchImage(e: OfflineEngine, url: string) {
  return Buffer.from(await (await e.handle(new Request(url), BASE)).arrayBuffer());
}
