"use client";
import "client-only";
import type { FalClient } from "@fal-ai/client";
import { PROXY_ROUTE } from "../fal/endpoint";

let client: Promise<FalClient> | undefined;

/**
 * fal's client retries a 504 three times, with its own retry settings for queue calls (not
 * configurable), and the proxy answers 504 when fal has not answered within its timeout (30 s):
 * a hung fal kept a submit on "Sending" for two minutes. A POST (a submit, an upload) that timed
 * out is therefore marked as a timeout the caller chose, which the client does not retry, and the
 * person sees the message after one timeout. Retry is safe: a submit carries an idempotency key.
 * Status polls are GETs and keep their retries.
 */
const postTimeoutIsFinal: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.status !== 504 || init?.method?.toUpperCase() !== "POST") return response;
  const headers = new Headers(response.headers);
  headers.set("x-fal-request-timeout-type", "user");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};

/**
 * The browser's fal client: every call goes through our proxy route, in both modes. It is loaded
 * on first use, because opening the app needs none of it and a first visit should not pay for it.
 */
export function falClient(): Promise<FalClient> {
  client ??= import("@fal-ai/client").then(
    ({ createFalClient }) => createFalClient({ proxyUrl: PROXY_ROUTE, suppressLocalCredentialsWarning: true, fetch: postTimeoutIsFinal }),
    (error: unknown) => {
      // A failed chunk load (offline) must not stick: the next generation tries again.
      client = undefined;
      throw error;
    },
  );
  return client;
}
