import { readFileSync } from "node:fs";
import { ApiError, createFalClient, withMiddleware, withProxy } from "@fal-ai/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdeogramCharacterInput } from "@/lib/fal/schema";
import type { Fault, FaultKind } from "../support/fault-layer";
import { proxiedClient, proxyFetch, TARGETS } from "../support/fal-client";
import { startFaultEngine, startFaultEngineProcess, SUBMIT_PATH, type FaultEngine } from "../support/fault-server";
import { startApp, type RunningApp } from "../support/servers";

/**
 * The proxy in front of an upstream that misbehaves: every fault of the fault layer, on every
 * queue call, becomes a clear typed answer from `/api/fal/proxy`, and the server stays healthy.
 */
const KEY = "fault-test-key-81d0";
const ENDPOINT = "fal-ai/ideogram/character";
const mascot = readFileSync("tests/fixtures/mascot-reference.jpg");

let engine: FaultEngine;
let app: RunningApp;
let reference: string;

beforeAll(async () => {
  engine = await startFaultEngine({ key: KEY });
  app = await startApp({ FAL_KEY: KEY, FAL_UPSTREAM_URL: engine.url, PROXY_TIMEOUT_MS: "1500" });
  reference = await proxiedClient(app.url).storage.upload(new Blob([mascot], { type: "image/jpeg" }));
});
afterAll(async () => {
  await app?.stop();
  await engine?.close();
});

const input = (extra: Partial<IdeogramCharacterInput> = {}): IdeogramCharacterInput => ({
  prompt: "Ferris waves from a pier",
  reference_image_urls: [reference],
  image_size: "square",
  ...extra,
});

/** What the proxy answers for each fault, whichever call it hit. */
const EXPECTED: Record<Exclude<Fault, "pass" | "neverCompletes">, { status: number; error?: string; message: RegExp }> = {
  status500: { status: 502, error: "upstream_failed", message: /^The fal upstream failed with HTTP 500 \(Internal server error\)\. Try again in a moment\.$/ },
  status502: { status: 502, error: "upstream_failed", message: /^The fal upstream failed with HTTP 502 \(Bad gateway\)\. Try again in a moment\.$/ },
  rate429: { status: 429, message: /Rate limit exceeded/ },
  hang: { status: 504, error: "upstream_timeout", message: /^The fal upstream did not answer within 2 s\. Try again\.$/ },
  drop: { status: 502, error: "upstream_failed", message: /dropped the connection before finishing its answer\. Try again\./ },
  badJson: { status: 502, error: "upstream_failed", message: /sent a malformed answer \(invalid JSON\)\. Try again\./ },
};
const FAULTS = Object.keys(EXPECTED) as (keyof typeof EXPECTED)[];

async function healthy(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${app.url}/api/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, mode: "fal" });
  return performance.now() - started;
}

/** A submitted request that has finished upstream. */
async function finishedRequest(): Promise<string> {
  const client = proxiedClient(app.url);
  const { request_id } = await client.queue.submit(ENDPOINT, { input: input() });
  await client.queue.subscribeToStatus(ENDPOINT, { requestId: request_id, pollInterval: 50 });
  return request_id;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError<unknown>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("each upstream fault, on each queue call, through the proxy", () => {
  const calls: Record<"submit" | "status" | "result", (id: string) => Promise<Response>> = {
    submit: () => proxyFetch(app.url, TARGETS.submit, { body: JSON.stringify(input()) }),
    status: (id) => proxyFetch(app.url, TARGETS.status(id), { method: "GET" }),
    result: (id) => proxyFetch(app.url, TARGETS.result(id), { method: "GET" }),
  };

  for (const kind of ["submit", "status", "result"] as const) {
    it(`${kind}: every fault is a clear JSON error with its own status, the key never shows, and the server stays healthy`, async () => {
      const id = await finishedRequest();
      for (const fault of FAULTS) {
        engine.faults.set(kind, fault, { times: 1 });
        const started = performance.now();
        const response = await calls[kind](id);
        const text = await response.text();
        const body = JSON.parse(text) as { error?: string; message?: string; detail?: string };
        const expected = EXPECTED[fault];
        expect([fault, response.status]).toEqual([fault, expected.status]);
        expect(body.message ?? body.detail).toMatch(expected.message);
        if (expected.error) expect(body.error).toBe(expected.error);
        expect(response.headers.get("content-type")).toMatch(/application\/json/);
        expect(text).not.toContain(KEY);
        if (fault === "rate429") expect(response.headers.get("retry-after")).toBe("2");
        // The proxy gives up on a hung upstream at PROXY_TIMEOUT_MS, not later.
        if (fault === "hang") expect(performance.now() - started).toBeLessThan(3500);
        expect(await healthy()).toBeLessThan(1000);
        // The fault was one call only: the same call now works.
        expect((await calls[kind](id)).status).toBe(200);
      }
    });
  }

  it("the real client gets a typed ApiError once a fault outlasts its retries", async () => {
    engine.faults.set("submit", "status502");
    try {
      const error = await rejection(proxiedClient(app.url).queue.submit(ENDPOINT, { input: input() }));
      expect(error.status).toBe(502);
      expect(error.body).toMatchObject({ error: "upstream_failed", message: expect.stringMatching(/HTTP 502/) });
      expect(error.message).toMatch(/The fal upstream failed with HTTP 502/);
      // fal's client retries 502 on submit three times before giving up.
      expect(engine.faults.hits.status502).toBeGreaterThanOrEqual(4);
    } finally {
      engine.faults.set("submit", "pass");
    }
    await healthy();
  });

  it("the real client rides out one fault on each call and still lands the result", async () => {
    // Default retries, as the browser has them.
    const client = createFalClient({
      credentials: undefined,
      suppressLocalCredentialsWarning: true,
      requestMiddleware: withMiddleware(withProxy({ targetUrl: `${app.url}/api/fal/proxy`, when: "always" })),
    });
    engine.faults.set("submit", "rate429", { times: 1 });
    engine.faults.set("status", "hang", { times: 1 });
    engine.faults.set("result", "badJson", { times: 1 });
    const submitsBefore = engine.calls(SUBMIT_PATH);
    const { request_id } = await client.queue.submit(ENDPOINT, { input: input() });
    await client.queue.subscribeToStatus(ENDPOINT, { requestId: request_id, pollInterval: 50 });
    const result = await client.queue.result(ENDPOINT, { requestId: request_id });
    expect(result.data.images).toHaveLength(1);
    // Upstream saw the submit refused with 429 and its retry, which was accepted.
    expect(engine.calls(SUBMIT_PATH) - submitsBefore).toBe(2);
    expect(engine.faults.plan).toEqual({});
  });

  it("neverCompletes: status stays IN_PROGRESS, the result is not there, and a cancel reaches upstream", async () => {
    const client = proxiedClient(app.url);
    engine.faults.set("submit", "neverCompletes", { times: 1 });
    const { request_id } = await client.queue.submit(ENDPOINT, { input: input() });
    const statuses = new Set<string>();
    for (let i = 0; i < 8; i++) {
      statuses.add((await client.queue.status(ENDPOINT, { requestId: request_id, logs: true })).status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect([...statuses]).toEqual(["IN_PROGRESS"]);
    const error = await rejection(client.queue.result(ENDPOINT, { requestId: request_id }));
    expect([error.status, error.body]).toEqual([400, { detail: "Request is still in progress" }]);
    // The client's own timeout gives up and cancels upstream.
    await expect(client.queue.subscribeToStatus(ENDPOINT, { requestId: request_id, pollInterval: 50, timeout: 600 })).rejects.toThrow(/timed out/);
    await expect.poll(() => engine.faults.cancelled).toContain(request_id);
    await healthy();
  });

  it("50 hung calls all end as 504 at the timeout, their upstream sockets close, and health stays fast", async () => {
    for (const round of [1, 2]) {
      engine.faults.set("submit", "hang");
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => proxyFetch(app.url, TARGETS.submit, { body: JSON.stringify(input()) }).then(async (r) => [r.status, (await r.json()).error])),
      );
      engine.faults.set("submit", "pass");
      expect(answers.filter(([status, error]) => status === 504 && error === "upstream_timeout")).toHaveLength(50);
      expect(performance.now() - started, `round ${round}`).toBeLessThan(6000);
      // The proxy aborted every upstream call: no socket is left open on the upstream side.
      await expect.poll(() => engine.faults.openHangs, { timeout: 3000 }).toBe(0);
      expect(await healthy()).toBeLessThan(300);
    }
    // And it still does real work.
    const response = await proxyFetch(app.url, TARGETS.submit, { body: JSON.stringify(input()) });
    expect(response.status).toBe(200);
  });
});

describe("npm run fal:offline -- --faults", () => {
  it("switches faults over HTTP at /__faults and refuses nonsense", async () => {
    const standalone = await startFaultEngineProcess({ key: KEY });
    try {
      const submit = () =>
        fetch(`${standalone.url}${SUBMIT_PATH}`, { method: "POST", headers: { authorization: `Key ${KEY}`, "content-type": "application/json" }, body: "{}" });
      expect((await standalone.setFault("submit", "rate429", 1)).status).toBe(200);
      const limited = await submit();
      expect([limited.status, limited.headers.get("retry-after"), await limited.json()]).toEqual([429, "2", { detail: "Rate limit exceeded" }]);
      // One call only: the engine answers again (and refuses the empty body).
      expect((await submit()).status).toBe(422);
      expect((await standalone.setFault("submit" as FaultKind, "explode" as Fault)).status).toBe(400);
      const state = await (await fetch(`${standalone.url}/__faults`)).json();
      expect(state).toMatchObject({ plan: {}, hits: { rate429: 1 } });
    } finally {
      await standalone.stop();
    }
  });
});
