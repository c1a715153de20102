import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Components reach IndexedDB only through lib services and store actions, so storage stays one layer.
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/lib/storage|(\\.\\./)+lib/storage)(/|$)",
              message: "Components do not touch storage: go through a lib service (lib/cast, lib/mask, lib/projects, …) or a store action.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([".next/**", ".data/**", ".test-data/**", "node_modules/**", "next-env.d.ts", "bench/out/**"]),
]);
