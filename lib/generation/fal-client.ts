"use client";
import type { FalClient } from "@fal-ai/client";
import { PROXY_ROUTE } from "../fal/endpoint";

let client: Promise<FalClient> | undefined;

/**
 * The browser's fal client: every call goes through our proxy route, in both modes. It is loaded
 * on first use, because opening the app needs none of it and a first visit should not pay for it.
 */
export function falClient(): Promise<FalClient> {
  client ??= import("@fal-ai/client").then(
    ({ createFalClient }) => createFalClient({ proxyUrl: PROXY_ROUTE, suppressLocalCredentialsWarning: true }),
    (error: unknown) => {
      // A failed chunk load (offline) must not stick: the next generation tries again.
      client = undefined;
      throw error;
    },
  );
  return client;
}
