import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createOfflineEngine, type OfflineEngine, type OfflineEngineOptions } from "@/lib/offline/engine";
import { tempDir } from "../support/servers";

const BASE = "http://engine.test";
const SUBMIT = "queue.fal.run/fal-ai/ideogram/character";
const mascot = new Uint8Array(readFileSync("tests/fixtures/mascot-reference.jpg"));
const created: { engine: OfflineEngine; dataDir: string }[] = [];

function engine(options: Partial<OfflineEngineOptions> = {}) {
  const dataDir = options.dataDir ?? tempDir("limits-engine");
  const entry = { engine: createOfflineEngine({ ...options, dataDir }), dataDir };
  created.push(entry);
  return entry;
}

afterEach(() => {
  for (const { engine: e, dataDir } of created.splice(0)) {
    e.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

const call = (e: OfflineEngine, method: string, route: string, body?: unknown, client?: string) =>
  e.handle(
    new Request(`${BASE}/${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }),
    BASE,
    { client },
  );

async function uploadUrl(e: OfflineEngine, client?: string) {
  const init = await call(e, "POST", "rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3", { content_type: "image/jpeg", file_name: "x.jpg" }, client);
  return (await init.json()) as { upload_url: string; file_url: string; detail?: string };
}

const put = (e: OfflineEngine, url: string, body: BodyInit) => e.handle(new Request(url, { method: "PUT", body, duplex: "half" } as RequestInit), BASE);

/** A stream that counts what the reader pulled, to prove a refusal stopped reading early. */
function countingStream(chunk: Uint8Array, chunks: number, stallAfter = Infinity) {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= stallAfter) return new Promise(() => undefined);
      if (pulled.bytes >= chunk.length * chunks) return controller.close();
      pulled.bytes += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled };
}

async function waitDone(e: OfflineEngine, id: string) {
  for (;;) {
    const status = (await (await call(e, "GET", `queue.fal.run/fal-ai/ideogram/requests/${id}/status`)).json()) as { status: string };
    if (status.status === "COMPLETED") return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const files = (dir: string) => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  } catch {
    return [];
  }
};

describe("offline engine limits", () => {
  it("refuses an inline image that is not one at submit, storing nothing", async () => {
    const { engine: e, dataDir } = engine();
    const junk = `data:image/png;base64,${Buffer.alloc(900_000, 7).toString("base64")}`;
    const answer = await call(e, "POST", SUBMIT, { prompt: "x", reference_image_urls: [junk], image_size: "square" });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ detail: [{ loc: ["body", "reference_image_urls", 0], msg: "The image is not a JPEG, PNG or WebP file" }] });
    expect(e.pending).toBe(0);
    expect(files(path.join(dataDir, "jobs")).length).toBe(0);
  });

  it("bounds waiting requests per client and overall with a 429 that says what to do", async () => {
    const { engine: e } = engine({ latencyMs: 60_000, concurrency: 1, limits: { queuePerClient: 2, queueMax: 3 } });
    const { file_url } = await uploadUrl(e, "a");
    await put(e, (await uploadUrl(e, "a")).upload_url, mascot);
    void file_url;
    const reference = `data:image/jpeg;base64,${Buffer.from(mascot).toString("base64")}`;
    const submit = (client: string) => call(e, "POST", SUBMIT, { prompt: "x", reference_image_urls: [reference], image_size: "square" }, client);
    expect((await submit("a")).status).toBe(200);
    expect((await submit("a")).status).toBe(200);
    const third = await submit("a");
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ error: "queue_full", detail: expect.stringMatching(/already have 2 requests waiting or drawing/) });
    expect((await submit("b")).status).toBe(200);
    const overall = await submit("c");
    expect(overall.status).toBe(429);
    expect((await overall.json()).detail).toMatch(/busy: 3 requests are waiting/);
  });

  it("drops a request's input once it ends and keeps only so many finished requests per client, with their images", async () => {
    const { engine: e, dataDir } = engine({ limits: { jobsKeptPerClient: 2 } });
    const reference = `data:image/jpeg;base64,${Buffer.from(mascot).toString("base64")}`;
    const ids: string[] = [];
    const urls: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { request_id } = (await (await call(e, "POST", SUBMIT, { prompt: `shot ${i}`, reference_image_urls: [reference], image_size: "square_hd", num_images: 1 }, "a")).json()) as { request_id: string };
      await waitDone(e, request_id);
      const result = (await (await call(e, "GET", `queue.fal.run/fal-ai/ideogram/requests/${request_id}`)).json()) as { images: { url: string }[] };
      ids.push(request_id);
      urls.push(result.images[0]!.url);
    }
    const stored = files(path.join(dataDir, "jobs")).map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"));
    expect(stored).toHaveLength(2);
    for (const text of stored) expect(text).not.toContain("base64");
    expect((await call(e, "GET", `queue.fal.run/fal-ai/ideogram/requests/${ids[0]}/status`)).status).toBe(404);
    expect((await e.handle(new Request(urls[0]!), BASE)).status).toBe(404);
    expect((await e.handle(new Request(urls[2]!), BASE)).status).toBe(200);
  });

  it("finds finished requests after a restart, reading each only when asked", async () => {
    const first = engine();
    const reference = `data:image/jpeg;base64,${Buffer.from(mascot).toString("base64")}`;
    const { request_id } = (await (await call(first.engine, "POST", SUBMIT, { prompt: "keep", reference_image_urls: [reference], image_size: "square", seed: 5 })).json()) as { request_id: string };
    await waitDone(first.engine, request_id);
    first.engine.close();
    const second = engine({ dataDir: first.dataDir });
    // Started and answering (an unknown id), yet the record is not read: changed on disk now, it is
    // what the next call sees.
    expect((await call(second.engine, "GET", "queue.fal.run/fal-ai/ideogram/requests/00000000-0000-0000-0000-000000000000")).status).toBe(404);
    const doneDir = path.join(first.dataDir, "jobs", "done");
    const [record] = readdirSync(doneDir);
    const text = readFileSync(path.join(doneDir, record!), "utf8");
    writeFileSync(path.join(doneDir, record!), text.replace('"seed":5', '"seed":6'));
    const result = await call(second.engine, "GET", `queue.fal.run/fal-ai/ideogram/requests/${request_id}`);
    expect(result.status).toBe(200);
    expect((await result.json()).seed).toBe(6);
  });

  it("keeps uploads within a per-client and a total quota, refusing with 507", async () => {
    const { engine: e } = engine({ limits: { storageBytesPerClient: mascot.length * 1.5, storageBytes: mascot.length * 2.5 } });
    expect((await put(e, (await uploadUrl(e, "a")).upload_url, mascot)).status).toBe(200);
    const second = await put(e, (await uploadUrl(e, "a")).upload_url, mascot);
    expect(second.status).toBe(507);
    expect((await second.json()).detail).toMatch(/all the storage this offline engine keeps per user/);
    expect((await put(e, (await uploadUrl(e, "b")).upload_url, mascot)).status).toBe(200);
    const full = await put(e, (await uploadUrl(e, "c")).upload_url, mascot);
    expect(full.status).toBe(507);
    expect((await full.json()).detail).toMatch(/storage is full/);
  });

  it("lets an upload URL write once: a second PUT cannot replace the file", async () => {
    const { engine: e } = engine();
    const { upload_url, file_url } = await uploadUrl(e, "a");
    expect((await put(e, upload_url, mascot)).status).toBe(200);
    const png = new Uint8Array(readFileSync("public/samples/ferris-mask.png"));
    const again = await put(e, upload_url, png);
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toMatch(/already used/);
    const served = Buffer.from(await (await e.handle(new Request(file_url), BASE)).arrayBuffer());
    expect(served.equals(Buffer.from(mascot))).toBe(true);
  });

  it("stops reading an upload as soon as it passes 12 MB, with no length declared", async () => {
    const { engine: e } = engine();
    const { stream, pulled } = countingStream(new Uint8Array(1024 * 1024), 1024);
    const answer = await put(e, (await uploadUrl(e, "a")).upload_url, stream);
    expect(answer.status).toBe(413);
    expect(pulled.bytes).toBeLessThan(16 * 1024 * 1024);
  });

  it("drops an upload that stalls, with 408", async () => {
    const { engine: e } = engine({ bodyIdleTimeoutMs: 300 });
    const { stream } = countingStream(mascot.slice(0, 10), 100, 10);
    const started = Date.now();
    const answer = await put(e, (await uploadUrl(e, "a")).upload_url, stream);
    expect(answer.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
