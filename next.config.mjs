import { EVERY_RESPONSE_HEADERS } from "./lib/server/response-headers.mjs";

/*
 * Pages get their nonce-based Content-Security-Policy at the socket (instrumentation.ts); files
 * the offline engine serves carry their own (nothing in them may run).
 */
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // sharp is a native module, PGlite loads its WebAssembly and data files by path: keep them out of the server bundle.
  serverExternalPackages: ["sharp", "@electric-sql/pglite"],
  async headers() {
    return [{ source: "/:path*", headers: EVERY_RESPONSE_HEADERS }];
  },
};

export default nextConfig;
