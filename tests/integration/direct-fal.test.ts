import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINT_IDS } from "@/lib/fal/endpoint";
import { buildRequest } from "@/lib/generation/request";
import { encodeMaskPng } from "@/lib/mask/export";
import { EDIT_INVERT_POLARITY } from "@/lib/mask/edit-region";
import { DEFAULT_GENERATION_SETTINGS, type Direction, type ShotRecipe } from "@/lib/state/panel-schema";
import type { ImageRef } from "@/lib/state/schema";
import { proxiedClient } from "../support/fal-client";
import { startApp, type RunningApp } from "../support/servers";

/**
 * Fix and restage requests as the app builds them (`buildRequest`), sent with the official
 * `@fal-ai/client` through the real proxy (fal mode, with a key) to a test upstream that reads
 * every uploaded file and checks each submit's body the way fal's edit and remix endpoints need it.
 */
const KEY = "direct-test-key-91c4";
const mascot = readFileSync("tests/fixtures/mascot-reference.jpg");

interface Check {
  endpoint: string;
  problems: string[];
  body: Record<string, unknown>;
}

/** A fal look-alike: storage upload, then submits to edit and remix that are checked, not run. */
async function startCheckingUpstream() {
  const files = new Map<string, Buffer>();
  const checks: Check[] = [];
  const read = (request: IncomingMessage) =>
    new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => resolve(Buffer.concat(chunks)));
    });
  let base = "";
  const fileOf = (url: unknown) => (typeof url === "string" && url.startsWith(`${base}/files/`) ? files.get(url.slice(`${base}/files/`.length)) : undefined);

  async function check(endpoint: string, body: Record<string, unknown>): Promise<string[]> {
    const problems: string[] = [];
    const image = fileOf(body.image_url);
    const references = body.reference_image_urls as unknown[] | undefined;
    const referenceMasks = body.reference_mask_urls as unknown[] | undefined;
    if (!image) problems.push("image_url is not an uploaded file");
    if (!references?.length || !fileOf(references[0])) problems.push("no character reference");
    if (!referenceMasks?.length || !fileOf(referenceMasks[0])) problems.push("no character mask");
    if (endpoint === "edit") {
      for (const key of ["style", "image_size", "negative_prompt", "strength"]) if (key in body) problems.push(`edit got ${key}`);
      const mask = fileOf(body.mask_url);
      if (!mask || !image) problems.push("mask_url is not an uploaded file");
      else {
        const [m, i] = await Promise.all([sharp(mask).metadata(), sharp(image).metadata()]);
        if (m.width !== i.width || m.height !== i.height) problems.push(`mask ${m.width}x${m.height} vs image ${i.width}x${i.height}`);
        if (m.format !== "png" || m.channels !== 1 || m.space !== "b-w") problems.push(`mask is not a grayscale PNG (${m.format}, ${m.channels} channels, ${m.space})`);
        const { data } = await sharp(mask).raw().toBuffer({ resolveWithObject: true });
        if (!data.includes(0)) problems.push("mask marks no region in black");
      }
    } else {
      if (typeof body.strength !== "number") problems.push("remix got no strength");
      if ("mask_url" in body) problems.push("remix got a mask_url");
    }
    return problems;
  }

  const server: Server = createServer(async (request, response) => {
    const url = request.url ?? "";
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "PUT" && url.startsWith("/upload/")) {
      files.set(url.slice("/upload/".length), await read(request));
      return send(200, {});
    }
    if (request.method === "GET" && url.startsWith("/files/")) {
      const bytes = files.get(url.slice("/files/".length));
      response.writeHead(bytes ? 200 : 404);
      return response.end(bytes);
    }
    if (request.headers.authorization !== `Key ${KEY}`) return send(401, { detail: "bad key" });
    if (url === "/rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3") {
      const { file_name } = JSON.parse((await read(request)).toString()) as { file_name: string };
      const id = `${files.size}-${file_name}`;
      files.set(id, Buffer.alloc(0));
      return send(200, { upload_url: `${base}/upload/${id}`, file_url: `${base}/files/${id}` });
    }
    const submit = /^\/queue\.fal\.run\/fal-ai\/ideogram\/character\/(edit|remix)$/.exec(url);
    if (request.method === "POST" && submit) {
      const body = JSON.parse((await read(request)).toString()) as Record<string, unknown>;
      const problems = await check(submit[1]!, body);
      checks.push({ endpoint: submit[1]!, problems, body });
      if (problems.length) return send(422, { detail: problems.map((msg) => ({ loc: ["body"], msg, type: "value_error" })) });
      const id = `req-${checks.length}-0000`;
      return send(200, { request_id: id, response_url: `https://queue.fal.run/fal-ai/ideogram/requests/${id}` });
    }
    send(404, { detail: `not here: ${request.method} ${url}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  base = `http://127.0.0.1:${address.port}`;
  return { url: base, checks, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let upstream: Awaited<ReturnType<typeof startCheckingUpstream>>;
let app: RunningApp;

beforeAll(async () => {
  upstream = await startCheckingUpstream();
  app = await startApp({ FAL_KEY: KEY, FAL_UPSTREAM_URL: upstream.url });
});
afterAll(async () => {
  await app?.stop();
  await upstream?.close();
});

const ref = (width: number, height: number): ImageRef => ({ blobId: "b", type: "image/png", width, height, bytes: 1000 });

/** A region painted the way the painter paints it (opaque coverage), encoded by the app's mask encoder. */
function regionPng(width: number, height: number, box: { x0: number; y0: number; x1: number; y1: number }): Blob {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = box.y0; y < box.y1; y++) rgba.fill(255, (y * width + box.x0) * 4, (y * width + box.x1) * 4);
  return new Blob([encodeMaskPng(rgba, width, height, EDIT_INVERT_POLARITY)], { type: "image/png" });
}

describe("fix and restage through the proxy to fal (test upstream)", () => {
  it("sends an edit with an image and a same-size grayscale region, the character's reference and mask, and no style; a remix with its strength", async () => {
    const client = proxiedClient(app.url);
    const upload = (bytes: Buffer | Blob, type: string) => client.storage.upload(bytes instanceof Blob ? bytes : new Blob([new Uint8Array(bytes)], { type }));
    const { width, height } = (await sharp(mascot).metadata()) as { width: number; height: number };
    const characterMask = await sharp({ create: { width, height, channels: 3, background: "#fff" } }).grayscale().png().toBuffer();
    const take = await sharp({ create: { width: 1024, height: 576, channels: 3, background: "#5a7" } }).png().toBuffer();
    const [reference, mask, source, region] = await Promise.all([
      upload(mascot, "image/jpeg"),
      upload(characterMask, "image/png"),
      upload(take, "image/png"),
      upload(regionPng(1024, 576, { x0: 300, y0: 100, x1: 700, y1: 400 }), "image/png"),
    ]);
    const recipe = (direction: Direction): ShotRecipe => ({
      characterId: "ferris",
      prompt: "Ferris holds a red umbrella",
      negativePrompt: "blurry",
      settings: { ...DEFAULT_GENERATION_SETTINGS, style: "FICTION" },
      direction,
    });
    const urls = { reference, mask, styleReferences: [], source, region };
    const fix = buildRequest(recipe({ kind: "fix", source: { kind: "take", takeId: "t", imageIndex: 0 }, image: ref(1024, 576), mask: ref(1024, 576) }), urls);
    const restage = buildRequest(recipe({ kind: "restage", source: { kind: "upload", fileName: "layout.png" }, image: ref(1024, 576), strength: 0.35 }), urls);

    const edited = await client.queue.submit(ENDPOINT_IDS[fix.endpoint], { input: fix.input });
    const remixed = await client.queue.submit(ENDPOINT_IDS[restage.endpoint], { input: restage.input });

    expect([edited.request_id, remixed.request_id]).toEqual(["req-1-0000", "req-2-0000"]);
    expect(upstream.checks.map((c) => [c.endpoint, c.problems])).toEqual([
      ["edit", []],
      ["remix", []],
    ]);
    expect(upstream.checks[1]!.body).toMatchObject({ strength: 0.35, style: "FICTION", negative_prompt: "blurry", image_size: "landscape_16_9" });
  });

  it("would be caught upstream if the region were not the image's size: the check is real", async () => {
    const client = proxiedClient(app.url);
    const reference = await client.storage.upload(new Blob([new Uint8Array(mascot)], { type: "image/jpeg" }));
    const source = await client.storage.upload(new Blob([new Uint8Array(await sharp({ create: { width: 800, height: 600, channels: 3, background: "#333" } }).png().toBuffer())], { type: "image/png" }));
    const region = await client.storage.upload(regionPng(400, 300, { x0: 10, y0: 10, x1: 100, y1: 100 }));
    const input = { prompt: "x", reference_image_urls: [reference], reference_mask_urls: [reference], image_url: source, mask_url: region };
    await expect(client.queue.submit(ENDPOINT_IDS.edit, { input })).rejects.toMatchObject({ status: 422 });
    expect(upstream.checks.at(-1)!.problems).toContain("mask 400x300 vs image 800x600");
  });
});
