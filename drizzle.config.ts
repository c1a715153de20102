import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` writes a migration for each change to the schema; the app applies them at start-up.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/server/db/schema.ts",
  out: "./lib/server/db/migrations",
});
