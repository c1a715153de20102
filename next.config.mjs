/**
 * Headers for every response: no MIME sniffing, no referrer beyond this origin, no framing.
 * Pages get their nonce-based Content-Security-Policy at the socket (instrumentation.ts); files
 * the offline engine serves carry their own (nothing in them may run).
 */
const everywhere = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // sharp is a native module, PGlite loads its WebAssembly and data files by path: keep them out of the server bundle.
  serverExternalPackages: ["sharp", "@electric-sql/pglite"],
  async headers() {
    return [{ source: "/:path*", headers: everywhere }];
  },
};

export default nextConfig;
