import { readFileSync } from "node:fs";
import { ValidationError } from "@fal-ai/client";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxiedClient, proxyFetch, TARGETS } from "../support/fal-client";
import { startApp, type RunningApp } from "../support/servers";

const mascot = readFileSync("tests/fixtures/mascot-reference.jpg");
let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ OFFLINE_LATENCY_MS: "300" });
});
afterAll(async () => app?.stop());

describe("offline mode: the official client through the proxy to the built-in engine", () => {
  it("reports offline mode on /api/health", async () => {
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health).toEqual({ ok: true, mode: "offline", version: expect.any(String), store: { kind: "memory", status: "ok" } });
  });

  it("uploads, submits, follows status with logs, fetches the result and downloads real panels", async () => {
    const fal = proxiedClient(app.url);
    const referenceUrl = await fal.storage.upload(new Blob([mascot], { type: "image/jpeg" }));
    expect(referenceUrl).toMatch(new RegExp(`^${app.url}/api/offline/files/`));
    const { request_id } = await fal.queue.submit("fal-ai/ideogram/character", {
      input: { prompt: "Ferris reads a map in a forest", reference_image_urls: [referenceUrl], num_images: 2, image_size: "portrait_4_3", seed: 5 },
    });
    const updates: string[] = [];
    const logs: string[] = [];
    await fal.queue.subscribeToStatus("fal-ai/ideogram/character", {
      requestId: request_id,
      logs: true,
      pollInterval: 50,
      onQueueUpdate: (update) => {
        updates.push(update.status);
        if ("logs" in update) logs.push(...update.logs.map((l) => l.message));
      },
    });
    expect(updates).toContain("IN_PROGRESS");
    expect(updates.at(-1)).toBe("COMPLETED");
    expect(logs.join("\n")).toMatch(/Drawing 2 draft variations/);
    const result = await fal.queue.result("fal-ai/ideogram/character", { requestId: request_id });
    expect(result.requestId).toBe(request_id);
    expect(result.data.seed).toBe(5);
    expect(result.data.images).toHaveLength(2);
    for (const image of result.data.images) {
      const bytes = Buffer.from(await (await fetch(image.url)).arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", 768, 1024]);
    }
  });

  it("cancels a queued request", async () => {
    const fal = proxiedClient(app.url);
    const referenceUrl = await fal.storage.upload(new Blob([mascot], { type: "image/jpeg" }));
    const ids = [];
    for (let i = 0; i < 6; i++) {
      ids.push((await fal.queue.submit("fal-ai/ideogram/character", { input: { prompt: `shot ${i}`, reference_image_urls: [referenceUrl], image_size: "square" } })).request_id);
    }
    await fal.queue.cancel("fal-ai/ideogram/character", { requestId: ids[5]! });
    const status = await fal.queue.status("fal-ai/ideogram/character", { requestId: ids[5]!, logs: true });
    expect(status.status).toBe("COMPLETED");
    await expect(fal.queue.result("fal-ai/ideogram/character", { requestId: ids[5]! })).rejects.toMatchObject({ status: 400 });
  });

  it("runs synchronously through fal.run", async () => {
    const fal = proxiedClient(app.url);
    const referenceUrl = await fal.storage.upload(new Blob([mascot], { type: "image/jpeg" }));
    const result = await fal.run("fal-ai/ideogram/character", { input: { prompt: "Ferris at night", reference_image_urls: [referenceUrl], image_size: "square" } });
    expect(result.data.images).toHaveLength(1);
  });

  it("refuses invalid input with 422 field errors the client maps onto fields", async () => {
    const fal = proxiedClient(app.url);
    const error = await fal.queue
      .submit("fal-ai/ideogram/character", { input: { prompt: "", reference_image_urls: ["https://x.test/a.png"], num_images: 12 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.getFieldErrors("prompt")).toHaveLength(1);
    expect(validation.getFieldErrors("num_images")[0]!.msg).toMatch(/8/);
  });

  it("refuses other endpoints and hosts before anything runs", async () => {
    const other = await proxyFetch(app.url, "https://queue.fal.run/fal-ai/flux/dev", { body: JSON.stringify({ prompt: "x" }) });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: "target_not_allowed", message: expect.stringContaining("fal-ai/ideogram/character") });
    const host = await proxyFetch(app.url, "https://169.254.169.254/latest/meta-data", { method: "GET" });
    expect(host.status).toBe(403);
  });

  it("refuses bodies over 1 MB with 413", async () => {
    const big = JSON.stringify({ prompt: "x".repeat(1_100_000), reference_image_urls: ["https://x.test/a.png"] });
    const response = await proxyFetch(app.url, TARGETS.submit, { body: big });
    expect(response.status).toBe(413);
    expect((await response.json()).message).toMatch(/1 MB/);
  });

  it("refuses malformed JSON and wrong methods with JSON errors", async () => {
    const malformed = await proxyFetch(app.url, TARGETS.submit, { body: "{not json" });
    expect([malformed.status, (await malformed.json()).error]).toEqual([400, "bad_request"]);
    const wrong = await proxyFetch(app.url, TARGETS.submit, { method: "DELETE" });
    expect([wrong.status, (await wrong.json()).error]).toEqual([405, "method_not_allowed"]);
    const missing = await proxyFetch(app.url, null, { body: "{}" });
    expect(missing.status).toBe(400);
  });
});
