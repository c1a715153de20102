import { readFileSync } from "node:fs";
import { ValidationError } from "@fal-ai/client";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINT_IDS } from "@/lib/fal/endpoint";
import { SAME_SIZE_MESSAGE } from "@/lib/fal/schema";
import { changedPixels, ellipseMask, greyPixels, rgbPixels, sceneImage } from "../support/direct-fixtures";
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
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push((await fal.queue.submit("fal-ai/ideogram/character", { input: { prompt: `shot ${i}`, reference_image_urls: [referenceUrl], image_size: "square" } })).request_id);
    }
    // Cancelled within one round trip of its submit, so long before its 300 ms could end. Under load
    // it may have started already: then it ends as cancelled when its drawing finishes.
    await fal.queue.cancel("fal-ai/ideogram/character", { requestId: ids[5]! });
    await expect
      .poll(async () => (await fal.queue.status("fal-ai/ideogram/character", { requestId: ids[5]!, logs: true })).status, { timeout: 15_000, interval: 100 })
      .toBe("COMPLETED");
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

describe("offline mode: edit and remix through the proxy", () => {
  const png = (image: ReturnType<typeof sceneImage>) => image.png().toBuffer();
  const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

  async function uploaded(fal: ReturnType<typeof proxiedClient>) {
    const [image, mask] = await Promise.all([png(sceneImage(320, 240)), png(ellipseMask(320, 240))]);
    const [imageUrl, maskUrl, referenceUrl, portraitMaskUrl] = await Promise.all([
      fal.storage.upload(new Blob([image], { type: "image/png" })),
      fal.storage.upload(new Blob([mask], { type: "image/png" })),
      fal.storage.upload(new Blob([mascot], { type: "image/jpeg" })),
      png(ellipseMask(240, 320)).then((portrait) => fal.storage.upload(new Blob([portrait], { type: "image/png" }))),
    ]);
    return { image, mask, imageUrl, maskUrl, referenceUrl, portraitMaskUrl };
  }

  it("repaints the masked region with subscribe, following status under the app's requests path", async () => {
    const fal = proxiedClient(app.url);
    const { image, mask, imageUrl, maskUrl, referenceUrl } = await uploaded(fal);
    const logs: string[] = [];
    const result = await fal.subscribe(ENDPOINT_IDS.edit, {
      input: { prompt: "Ferris steps into the light", image_url: imageUrl, mask_url: maskUrl, reference_image_urls: [referenceUrl], seed: 3 },
      logs: true,
      pollInterval: 50,
      onQueueUpdate: (update) => {
        if ("logs" in update) logs.push(...update.logs.map((l) => l.message));
      },
    });
    expect(logs.join("\n")).toMatch(/Repainting the masked region/);
    expect(result.data.seed).toBe(3);
    expect(result.data.images[0]).toMatchObject({ width: 320, height: 240 });
    const edited = await download(result.data.images[0]!.url);
    const [before, after, grey] = await Promise.all([rgbPixels(image), rgbPixels(edited), greyPixels(mask)]);
    expect([after.info.width, after.info.height]).toEqual([320, 240]);
    const counts = changedPixels(before.data, after.data, grey);
    expect(counts.keptChanged).toBe(0);
    expect(counts.repaintedChanged / counts.repainted).toBeGreaterThan(0.9);
  });

  it("restages an image with remix: queue submit, status and result through the proxy, and a sync edit", async () => {
    const fal = proxiedClient(app.url);
    const { imageUrl, maskUrl, referenceUrl } = await uploaded(fal);
    const { request_id } = await fal.queue.submit(ENDPOINT_IDS.remix, {
      input: { prompt: "Ferris on a beach", image_url: imageUrl, reference_image_urls: [referenceUrl], strength: 0.6, image_size: "landscape_4_3", seed: 9 },
    });
    await fal.queue.subscribeToStatus(ENDPOINT_IDS.remix, { requestId: request_id, pollInterval: 50 });
    const status = await fal.queue.status(ENDPOINT_IDS.remix, { requestId: request_id, logs: true });
    expect(status.status).toBe("COMPLETED");
    expect("logs" in status && status.logs.map((l) => l.message).join("\n")).toMatch(/keeping 60% of its composition/);
    const result = await fal.queue.result(ENDPOINT_IDS.remix, { requestId: request_id });
    const meta = await sharp(await download(result.data.images[0]!.url)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1024, 768]);

    const run = await fal.run(ENDPOINT_IDS.edit, { input: { prompt: "Ferris waves", image_url: imageUrl, mask_url: maskUrl, reference_image_urls: [referenceUrl] } });
    expect(run.data.images[0]).toMatchObject({ width: 320, height: 240 });
  });

  it("reports a mask of another size as a field error the client exposes, inline at submit and uploaded at result", async () => {
    const fal = proxiedClient(app.url);
    const { imageUrl, portraitMaskUrl, referenceUrl } = await uploaded(fal);
    const input = { prompt: "Ferris", image_url: imageUrl, mask_url: portraitMaskUrl, reference_image_urls: [referenceUrl] };
    const late = await fal.subscribe(ENDPOINT_IDS.edit, { input, pollInterval: 50 }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ValidationError);
    expect((late as ValidationError).getFieldErrors("mask_url")[0]!.msg).toBe(`${SAME_SIZE_MESSAGE}: the image is 320 × 240 px, the mask 240 × 320 px`);

    const inline = async (width: number, height: number, image: ReturnType<typeof sceneImage>) =>
      `data:image/png;base64,${(await image.resize(width, height).png().toBuffer()).toString("base64")}`;
    const early = await fal.queue
      .submit(ENDPOINT_IDS.edit, { input: { ...input, image_url: await inline(64, 48, sceneImage(320, 240)), mask_url: await inline(48, 64, ellipseMask(240, 320)) } })
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ValidationError);
    expect((early as ValidationError).getFieldErrors("mask_url")[0]!.msg).toMatch(/the image is 64 × 48 px, the mask 48 × 64 px/);
  });

  it("validates edit and remix with their own schemas", async () => {
    const base = { prompt: "Ferris", image_url: "https://x.test/a.png", reference_image_urls: ["https://x.test/r.png"] };
    const edit = await proxyFetch(app.url, TARGETS.edit, { body: JSON.stringify({ ...base, mask_url: "https://x.test/m.png", image_size: "square" }) });
    expect(edit.status).toBe(422);
    expect((await edit.json()).detail).toEqual([expect.objectContaining({ loc: ["body"], msg: expect.stringContaining("image_size") })]);
    const remix = await proxyFetch(app.url, TARGETS.remix, { body: JSON.stringify({ ...base, strength: 1.5, style: "FICTION" }) });
    expect(remix.status).toBe(422);
    expect((await remix.json()).detail.map((d: { loc: string[] }) => d.loc.join("."))).toEqual(["body.strength"]);
  });
});
