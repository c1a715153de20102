"use client";
import { createFalClient } from "@fal-ai/client";
import { PROXY_ROUTE } from "../fal/endpoint";

/** The browser's fal client: every call goes through our proxy route, in both modes. */
export const fal = createFalClient({ proxyUrl: PROXY_ROUTE, suppressLocalCredentialsWarning: true });
