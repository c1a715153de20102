import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { BASE, call, engineFactory, fetchImage, generate, upload, waitDone } from "../support/engine-calls";

const mascot = new Uint8Array(readFileSync("tests/fixtures/mascot-reference.jpg"));
const engines = engineFactory("unit-engine");
const engine = (options: { key?: string; dataDir?: string; latencyMs?: number } = {}) => engines.engine({ ...options, requiredKey: options.key });

afterEach(() => engines.cleanup());

describe("offline engine", () => {
  it("stores uploads behind signed URLs and serves them back", async () => {
    const { engine: e } = engine();
    const { put, file_url } = await upload(e, mascot);
    expect(put.status).toBe(200);
    const served = await e.handle(new Request(file_url), BASE);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(mascot))).toBe(true);
    const forged = await e.handle(new Request(file_url.replace("/files/", "/files/upload/") + "?expires=9999999999999&signature=abc", { method: "PUT", body: mascot }), BASE);
    expect(forged.status).toBe(403);
  });

  it("refuses uploads whose bytes are not the declared image type", async () => {
    const { engine: e } = engine();
    const { put } = await upload(e, new TextEncoder().encode("hello, I am a text file"));
    expect(put.status).toBe(415);
    const svg = await call(e, "POST", "rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3", { content_type: "image/svg+xml", file_name: "x.svg" });
    expect(svg.status).toBe(422);
  });

  it("walks a request through IN_QUEUE, IN_PROGRESS with logs and COMPLETED, at the requested size", async () => {
    const { engine: e } = engine({ latencyMs: 150 });
    const { file_url } = await upload(e, mascot);
    const submit = await call(e, "POST", "queue.fal.run/fal-ai/ideogram/character", {
      prompt: "Ferris on a sunny beach",
      reference_image_urls: [file_url],
      image_size: "landscape_16_9",
      num_images: 2,
      seed: 42,
    });
    const submitted = (await submit.json()) as { request_id: string; status: string; status_url: string };
    expect(submitted.status).toBe("IN_QUEUE");
    expect(submitted.status_url).toBe(`https://queue.fal.run/fal-ai/ideogram/requests/${submitted.request_id}/status`);
    const seen = new Set<string>();
    let final: { status: string; logs: { message: string }[] } | undefined;
    for (let i = 0; i < 200 && final?.status !== "COMPLETED"; i++) {
      final = (await (await call(e, "GET", `queue.fal.run/fal-ai/ideogram/requests/${submitted.request_id}/status?logs=1`)).json()) as typeof final;
      seen.add(final!.status);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toContain("IN_PROGRESS");
    expect(final!.logs.map((l) => l.message).join("\n")).toMatch(/Drawing 2 draft variations at 1024x576/);
    const result = (await (await call(e, "GET", `queue.fal.run/fal-ai/ideogram/requests/${submitted.request_id}`)).json()) as {
      images: { url: string }[];
      seed: number;
    };
    expect(result.seed).toBe(42);
    expect(result.images).toHaveLength(2);
    const meta = await sharp(await fetchImage(e, result.images[0]!.url)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1024, 576]);
  });

  it("gives byte-identical images for the same input and seed, and others for another seed", async () => {
    const { engine: e } = engine();
    const { file_url } = await upload(e, mascot);
    const input = { prompt: "Ferris in a snowy forest", reference_image_urls: [file_url], image_size: "square", seed: 7 };
    const first = await generate(e, input);
    const again = await generate(e, input);
    const other = await generate(e, { ...input, seed: 8 });
    const bytes = await Promise.all([first, again, other].map((g) => fetchImage(e, g.result.images[0]!.url)));
    expect(bytes[0]!.equals(bytes[1]!)).toBe(true);
    expect(bytes[0]!.equals(bytes[2]!)).toBe(false);
  });

  it("answers cancel like fal: queued requests are dropped, finished ones are already completed", async () => {
    const { engine: e } = engine({ latencyMs: 400 });
    const { file_url } = await upload(e, mascot);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await call(e, "POST", "queue.fal.run/fal-ai/ideogram/character", { prompt: `shot ${i}`, reference_image_urls: [file_url], image_size: "square" });
      ids.push(((await r.json()) as { request_id: string }).request_id);
    }
    const queued = ids[5]!;
    const status = (await (await call(e, "GET", `queue.fal.run/fal-ai/ideogram/requests/${queued}/status`)).json()) as { status: string; queue_position: number };
    expect(status).toMatchObject({ status: "IN_QUEUE", queue_position: 1 });
    const cancel = await call(e, "PUT", `queue.fal.run/fal-ai/ideogram/requests/${queued}/cancel`);
    expect([cancel.status, await cancel.json()]).toEqual([202, { status: "CANCELLATION_REQUESTED" }]);
    const result = await call(e, "GET", `queue.fal.run/fal-ai/ideogram/requests/${queued}`);
    expect(result.status).toBe(400);
    await waitDone(e, ids[0]!);
    const late = await call(e, "PUT", `queue.fal.run/fal-ai/ideogram/requests/${ids[0]}/cancel`);
    expect([late.status, await late.json()]).toEqual([400, { status: "ALREADY_COMPLETED" }]);
    const unknown = await call(e, "PUT", "queue.fal.run/fal-ai/ideogram/requests/00000000-0000-0000-0000-000000000000/cancel");
    expect(unknown.status).toBe(404);
  });

  it("checks the Authorization key when it is given one", async () => {
    const { engine: e } = engine({ key: "secret-key" });
    const denied = await call(e, "POST", "queue.fal.run/fal-ai/ideogram/character", { prompt: "x", reference_image_urls: ["https://x.test/a.png"] });
    expect(denied.status).toBe(401);
    const wrong = await call(e, "POST", "rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3", { content_type: "image/png", file_name: "a" }, { authorization: "Key nope" });
    expect(wrong.status).toBe(401);
    const { put } = await upload(e, mascot, "image/jpeg", { authorization: "Key secret-key" });
    expect(put.status).toBe(200);
  });

  it("validates input with the shared schema and reports fal-style field errors", async () => {
    const { engine: e } = engine();
    const response = await call(e, "POST", "queue.fal.run/fal-ai/ideogram/character", { prompt: " ", reference_image_urls: [], num_images: 9 });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { detail: { loc: string[] }[] };
    expect(body.detail.map((d) => d.loc.join("."))).toEqual(["body.prompt", "body.reference_image_urls", "body.num_images"]);
  });

  it("fails a request whose reference it cannot read, with a message naming the field", async () => {
    const { engine: e } = engine();
    const { result } = await generate(e, { prompt: "x", reference_image_urls: ["https://example.com/ref.png"] });
    expect(result).toMatchObject({ detail: [{ loc: ["body", "reference_image_urls", 0] }] });
  });

  it("points a mask it cannot decode at the mask field", async () => {
    const { engine: e } = engine();
    const { file_url } = await upload(e, mascot);
    const brokenPng = (await sharp(Buffer.from(mascot)).png().toBuffer()).subarray(0, 120).toString("base64");
    const { result } = await generate(e, { prompt: "x", reference_image_urls: [file_url], reference_mask_urls: [`data:image/png;base64,${brokenPng}`], image_size: "square" });
    expect(result).toMatchObject({ detail: [{ loc: ["body", "reference_mask_urls", 0], msg: expect.stringMatching(/mask could not be decoded/) }] });
  });

  it("keeps results across a restart and resumes requests that had not finished", async () => {
    const { requestId, restart } = await engines.interrupted("fal-ai/ideogram/character", async (e) => {
      const { file_url } = await upload(e, mascot);
      return { prompt: "resume me", reference_image_urls: [file_url], image_size: "square", seed: 1 };
    });
    const second = restart();
    await waitDone(second, requestId);
    const result = await call(second, "GET", `queue.fal.run/fal-ai/ideogram/requests/${requestId}`);
    expect(result.status).toBe(200);
  });

  it("resumes a request saved before requests named their endpoint as a character request", async () => {
    const { requestId, dataDir, restart } = await engines.interrupted("fal-ai/ideogram/character", async (e) => {
      const { file_url } = await upload(e, mascot);
      return { prompt: "old record", reference_image_urls: [file_url], image_size: "square", seed: 2 };
    });
    const pendingDir = path.join(dataDir, "jobs", "pending");
    const [file] = readdirSync(pendingDir).filter((name) => name.includes(requestId));
    const record = JSON.parse(readFileSync(path.join(pendingDir, file!), "utf8")) as { job: Record<string, unknown> };
    expect(record.job.endpoint).toBe("character");
    delete record.job.endpoint;
    writeFileSync(path.join(pendingDir, file!), JSON.stringify(record));
    const second = restart();
    await waitDone(second, requestId);
    const result = (await (await call(second, "GET", `queue.fal.run/fal-ai/ideogram/requests/${requestId}`)).json()) as { images: { url: string }[] };
    const meta = await sharp(await fetchImage(second, result.images[0]!.url)).metadata();
    expect([meta.width, meta.height]).toEqual([512, 512]);
  });
});
