import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "./lib/server/content-security-policy";

/**
 * Gives every page a fresh nonce and its Content-Security-Policy (Next.js reads the nonce from the
 * request's policy and puts it on its scripts). API routes and static files get their headers from
 * next.config.mjs instead.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const falMode = !!(process.env.FAL_KEY || (process.env.FAL_KEY_ID && process.env.FAL_KEY_SECRET));
  const policy = contentSecurityPolicy({
    nonce,
    falMode,
    upstreamUrl: process.env.FAL_UPSTREAM_URL || undefined,
    dev: process.env.NODE_ENV === "development",
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|readme/|samples/|fonts/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
