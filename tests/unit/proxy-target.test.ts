import { isAllowedEndpoint, isAllowedUrl, getEndpoint } from "@fal-ai/server-proxy";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { classifyTarget, mapToUpstream, serverProxyAllowList } from "@/lib/proxy/target";

const ID = "0b3f1a9e-5c7d-4e2f-9a8b-1c2d3e4f5a6b";
const refusal = (raw: string | null, method: string) => {
  try {
    classifyTarget(raw, method);
  } catch (error) {
    return error instanceof AppError ? `${error.status} ${error.code}` : "other";
  }
  return "allowed";
};

describe("proxy target allow-list", () => {
  it("lets through exactly the calls @fal-ai/client makes for the character endpoint", () => {
    expect(classifyTarget("https://queue.fal.run/fal-ai/ideogram/character", "POST").kind).toBe("submit");
    expect(classifyTarget("https://fal.run/fal-ai/ideogram/character", "POST").kind).toBe("run");
    expect(classifyTarget(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}/status?logs=1`, "GET")).toMatchObject({ kind: "status", requestId: ID });
    expect(classifyTarget(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}/status?logs=0`, "GET").kind).toBe("status");
    expect(classifyTarget(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}`, "GET")).toMatchObject({ kind: "result", requestId: ID });
    expect(classifyTarget(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}/cancel`, "PUT").kind).toBe("cancel");
    expect(classifyTarget("https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3", "POST").kind).toBe("upload");
  });

  it("refuses other endpoints, hosts and storage calls", () => {
    expect(refusal("https://queue.fal.run/fal-ai/flux/dev", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://evil.example/fal-ai/ideogram/character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://queue.fal.run.evil.example/fal-ai/ideogram/character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://rest.fal.ai/storage/upload/initiate-multipart?storage_type=fal-cdn-v3", "POST")).toBe("403 target_not_allowed");
    expect(refusal(`https://queue.fal.run/fal-ai/flux/requests/${ID}`, "GET")).toBe("403 target_not_allowed");
    expect(refusal(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}/status/stream`, "GET")).toBe("403 target_not_allowed");
  });

  it("lets through submit and run to exactly the edit and remix endpoints, naming the endpoint", () => {
    expect(classifyTarget("https://queue.fal.run/fal-ai/ideogram/character", "POST")).toMatchObject({ kind: "submit", endpoint: "character" });
    expect(classifyTarget("https://fal.run/fal-ai/ideogram/character", "POST")).toMatchObject({ kind: "run", endpoint: "character" });
    expect(classifyTarget("https://queue.fal.run/fal-ai/ideogram/character/edit", "POST")).toMatchObject({ kind: "submit", endpoint: "edit" });
    expect(classifyTarget("https://fal.run/fal-ai/ideogram/character/edit", "POST")).toMatchObject({ kind: "run", endpoint: "edit" });
    expect(classifyTarget("https://queue.fal.run/fal-ai/ideogram/character/remix", "POST")).toMatchObject({ kind: "submit", endpoint: "remix" });
    expect(classifyTarget("https://fal.run/fal-ai/ideogram/character/remix", "POST")).toMatchObject({ kind: "run", endpoint: "remix" });
    // Status, result and cancel of every endpoint stay under the app; they name no endpoint.
    expect(classifyTarget(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}`, "GET")).not.toHaveProperty("endpoint");
  });

  it("refuses every other spelling of the edit and remix paths", () => {
    for (const target of [
      "https://queue.fal.run/fal-ai/ideogram/character/edit/x",
      "https://queue.fal.run/fal-ai/ideogram/character/edit/",
      "https://fal.run/fal-ai/ideogram/character/remix/x",
      "https://queue.fal.run/fal-ai/ideogram/v3/edit",
      "https://fal.run/fal-ai/ideogram/v3/remix",
      "https://queue.fal.run/fal-ai/ideogram/edit",
      "https://queue.fal.run/fal-ai/ideogram/character/remix?x=1",
      "https://fal.run/fal-ai/ideogram/character/edit?fal_webhook=https://evil.example",
      "https://queue.fal.run/fal-ai/ideogram/character/Edit",
      "https://queue.fal.run/fal-ai/ideogram/character/edit%2Fx",
      "https://rest.fal.ai/fal-ai/ideogram/character/edit",
    ]) {
      expect(refusal(target, "POST"), target).toBe("403 target_not_allowed");
    }
    expect(refusal("https://queue.fal.run/fal-ai/ideogram/character/edit", "GET")).toBe("405 method_not_allowed");
    expect(refusal("https://fal.run/fal-ai/ideogram/character/remix", "PUT")).toBe("405 method_not_allowed");
    const message = (() => {
      try {
        classifyTarget("https://queue.fal.run/fal-ai/ideogram/v3/edit", "POST");
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/fal-ai\/ideogram\/character, fal-ai\/ideogram\/character\/edit, fal-ai\/ideogram\/character\/remix/);
  });

  it("refuses other schemes, credentials, ports and non-canonical spellings", () => {
    expect(refusal("http://queue.fal.run/fal-ai/ideogram/character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://user:pw@queue.fal.run/fal-ai/ideogram/character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://queue.fal.run:8443/fal-ai/ideogram/character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://queue.fal.run:443/fal-ai/ideogram/character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://QUEUE.fal.run/fal-ai/ideogram/character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://queue.fal.run/fal-ai/ideogram/x/../character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://queue.fal.run/fal-ai%2Fideogram/character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://queue.fal.run/fal-ai//ideogram/character", "POST")).toBe("403 target_not_allowed");
    expect(refusal("https://queue.fal.run/fal-ai/ideogram/character#x", "POST")).toBe("403 target_not_allowed");
    expect(refusal("file:///etc/passwd", "GET")).toBe("403 target_not_allowed");
  });

  it("refuses queries it does not expect, such as webhooks", () => {
    expect(refusal("https://queue.fal.run/fal-ai/ideogram/character?fal_webhook=https://evil.example", "POST")).toBe("403 target_not_allowed");
    expect(refusal(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}/status?logs=2`, "GET")).toBe("403 target_not_allowed");
    expect(refusal("https://rest.fal.ai/storage/upload/initiate", "POST")).toBe("403 target_not_allowed");
  });

  it("refuses a missing, repeated or malformed header, and the wrong method", () => {
    expect(refusal(null, "POST")).toBe("400 bad_request");
    expect(refusal("https://queue.fal.run/fal-ai/ideogram/character, https://evil.example/", "POST")).toBe("400 bad_request");
    expect(refusal("not a url", "POST")).toBe("400 bad_request");
    expect(refusal("https://queue.fal.run/fal-ai/ideogram/character", "GET")).toBe("405 method_not_allowed");
    expect(refusal(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}`, "DELETE")).toBe("405 method_not_allowed");
    expect(refusal(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}/cancel`, "POST")).toBe("405 method_not_allowed");
  });

  it("maps an allowed target onto FAL_UPSTREAM_URL as BASE/HOST/PATH?QUERY", () => {
    const target = classifyTarget(`https://queue.fal.run/fal-ai/ideogram/requests/${ID}/status?logs=1`, "GET");
    expect(mapToUpstream(target.url, "http://127.0.0.1:4010")).toBe(`http://127.0.0.1:4010/queue.fal.run/fal-ai/ideogram/requests/${ID}/status?logs=1`);
    expect(mapToUpstream(target.url, "https://gw.example/fal/")).toBe(`https://gw.example/fal/queue.fal.run/fal-ai/ideogram/requests/${ID}/status?logs=1`);
  });

  it("configures @fal-ai/server-proxy's own checks to agree, on fal and on a mapped upstream", () => {
    for (const upstream of [undefined, "http://127.0.0.1:4010", "https://gw.example/fal"]) {
      const { allowedUrlPatterns, allowedEndpoints } = serverProxyAllowList(upstream);
      const map = (u: string) => (upstream ? mapToUpstream(new URL(u), upstream) : u);
      const spending = ["character", "character/edit", "character/remix"].flatMap((path) => [
        `https://queue.fal.run/fal-ai/ideogram/${path}`,
        `https://fal.run/fal-ai/ideogram/${path}`,
      ]);
      const urls = [
        ...spending,
        `https://queue.fal.run/fal-ai/ideogram/requests/${ID}/status?logs=1`,
        "https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3",
      ].map(map);
      for (const url of urls) {
        const parsed = new URL(url);
        expect(isAllowedUrl(`${parsed.host}${parsed.pathname}${parsed.search}`, allowedUrlPatterns), url).toBe(true);
      }
      // The library checks endpoints of POSTs to hosts other than *.fal.ai: fal.run and queue.fal.run, or the upstream.
      for (const url of spending.map(map)) expect(isAllowedEndpoint(getEndpoint(url), allowedEndpoints), url).toBe(true);
      if (upstream) expect(isAllowedEndpoint(getEndpoint(urls.at(-1)!), allowedEndpoints)).toBe(true);
      for (const other of ["https://queue.fal.run/fal-ai/flux/dev", "https://fal.run/fal-ai/ideogram/v3/edit", "https://fal.run/fal-ai/ideogram/character/edit/x"]) {
        expect(isAllowedEndpoint(getEndpoint(map(other)), allowedEndpoints), other).toBe(false);
      }
      expect(isAllowedUrl("fal.run/fal-ai/flux/dev", allowedUrlPatterns)).toBe(false);
      expect(isAllowedUrl("fal.run/fal-ai/ideogram/character/edit/x", allowedUrlPatterns)).toBe(false);
    }
  });
});
