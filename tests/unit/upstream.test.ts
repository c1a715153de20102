import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { finalizeUpstream } from "@/lib/server/upstream";

const KEY = "server-secret-key";
const jsonResponse = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "application/json", ...headers } });

async function failure(response: Response) {
  try {
    await finalizeUpstream(response, [KEY], "fal");
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a failure");
}

describe("finalizing what upstream answered", () => {
  it("passes good JSON through with fal's headers and without hop-by-hop ones", async () => {
    const out = await finalizeUpstream(
      jsonResponse('{"request_id":"abc"}', 200, { "x-fal-request-id": "abc", "set-cookie": "a=b", connection: "close" }),
      [KEY],
      "fal",
    );
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ request_id: "abc" });
    expect(out.headers.get("x-fal-request-id")).toBe("abc");
    expect(out.headers.get("set-cookie")).toBeNull();
  });

  it("turns malformed JSON into a clear 502", async () => {
    expect(await failure(jsonResponse('{"images": [', 200))).toMatchObject({ status: 502, message: expect.stringMatching(/malformed/) });
  });

  it("turns upstream 5xx into clear JSON errors that keep fal's message", async () => {
    expect(await failure(jsonResponse('{"detail":"GPU fell over"}', 500))).toMatchObject({
      status: 502,
      code: "upstream_failed",
      message: "fal failed with HTTP 500 (GPU fell over). Try again in a moment.",
    });
    expect(await failure(new Response("<html>Bad gateway</html>", { status: 503 }))).toMatchObject({ status: 503 });
  });

  it("turns a connection dropped mid-answer into a clear 502", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"images":'));
        controller.error(new Error("socket hang up"));
      },
    });
    expect(await failure(new Response(body, { headers: { "content-type": "application/json" } }))).toMatchObject({
      status: 502,
      message: expect.stringMatching(/dropped the connection/),
    });
  });

  it("wraps non-JSON client errors in JSON", async () => {
    const out = await finalizeUpstream(new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } }), [KEY], "fal");
    expect([out.status, await out.json()]).toEqual([403, { error: "upstream_failed", message: "fal answered HTTP 403" }]);
  });

  it("never lets the key out, even when upstream echoes it", async () => {
    const out = await finalizeUpstream(
      jsonResponse(`{"detail":"bad key Key ${KEY}"}`, 401, { "x-debug": `auth=${KEY}` }),
      [KEY],
      "fal",
    );
    const text = await out.text();
    expect(text).not.toContain(KEY);
    expect(text).toContain("[redacted]");
    expect(out.headers.get("x-debug")).toBeNull();
    expect([...out.headers.values()].join(" ")).not.toContain(KEY);
  });

  it("serves upstream answers only as JSON, with only fal's request id and Retry-After passed on", async () => {
    expect(await failure(new Response("<script>alert(1)</script>", { status: 200, headers: { "content-type": "text/html" } }))).toMatchObject({
      status: 502,
      message: expect.stringMatching(/not JSON/),
    });
    const out = await finalizeUpstream(
      jsonResponse('{"status":"IN_QUEUE"}', 202, {
        "x-fal-request-id": "abc",
        "retry-after": "3",
        "access-control-allow-origin": "*",
        "content-security-policy": "default-src *",
        "x-frame-options": "ALLOWALL",
        "cache-control": "public, max-age=600",
        location: "https://evil.example/",
      }),
      [KEY],
      "fal",
    );
    expect(Object.fromEntries(out.headers)).toEqual({
      "cache-control": "no-store",
      "content-type": "application/json",
      "retry-after": "3",
      "x-fal-request-id": "abc",
    });
  });
});
