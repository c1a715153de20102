import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Integration and end-to-end tests: run against the production build (`next build` first),
// one file at a time because each starts its own servers on this 2-core machine.
export default defineConfig({
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL(".", import.meta.url)),
      "server-only": fileURLToPath(new URL("./tests/support/empty-module.ts", import.meta.url)),
      "client-only": fileURLToPath(new URL("./tests/support/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
