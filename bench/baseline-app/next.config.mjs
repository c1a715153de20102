import path from "node:path";

/**
 * An empty Next.js app built with the project's own `next`, as the first-load JavaScript
 * baseline (bench/first-load.bench.ts) and home of the stock proxy handler (bench/proxy.bench.ts).
 * Its build goes to node_modules/.cache, outside the trees that ESLint and TypeScript walk
 * (a `.next` here would be linted as source by the project's `eslint .`).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

/** @type {import('next').NextConfig} */
const nextConfig = {
  distDir: path.relative(import.meta.dirname, path.join(ROOT, "node_modules/.cache/castboard-baseline-app")),
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: ROOT },
};

export default nextConfig;
