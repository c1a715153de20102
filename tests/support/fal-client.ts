import { createFalClient, withMiddleware, withProxy } from "@fal-ai/client";

/** The official client, in Node, sent through a Castboard proxy the way the browser sends it. */
export function proxiedClient(appUrl: string, headers: Record<string, string> = {}, fetchImpl: typeof fetch = fetch) {
  return createFalClient({
    fetch: fetchImpl,
    credentials: undefined,
    suppressLocalCredentialsWarning: true,
    requestMiddleware: withMiddleware(withProxy({ targetUrl: `${appUrl}/api/fal/proxy`, when: "always" }), async (request) => ({
      ...request,
      headers: { ...request.headers, ...headers },
    })),
    retry: { maxRetries: 0 },
  });
}

export const TARGETS = {
  submit: "https://queue.fal.run/fal-ai/ideogram/character",
  run: "https://fal.run/fal-ai/ideogram/character",
  edit: "https://queue.fal.run/fal-ai/ideogram/character/edit",
  remix: "https://queue.fal.run/fal-ai/ideogram/character/remix",
  upload: "https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3",
  status: (id: string) => `https://queue.fal.run/fal-ai/ideogram/requests/${id}/status?logs=1`,
  result: (id: string) => `https://queue.fal.run/fal-ai/ideogram/requests/${id}`,
};

/** A raw call to the proxy route, for refusals the client would retry or never build. */
export function proxyFetch(appUrl: string, target: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (target !== null) headers.set("x-fal-target-url", target);
  if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
  return fetch(`${appUrl}/api/fal/proxy`, { ...init, method: init.method ?? "POST", headers });
}

/** A fetch that keeps every response's headers and body text, to prove what never leaks. */
export function recordingFetch() {
  const seen: string[] = [];
  const recorder: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const text = await response.clone().text();
    seen.push(`${[...response.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${text}`);
    return response;
  };
  return { fetch: recorder, seen };
}
