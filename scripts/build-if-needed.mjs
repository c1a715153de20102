import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Builds the production app unless `.next` already holds a build of exactly these sources.
 * The stamp is a content hash, so a fresh clone, a pull or an edit all trigger a rebuild.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const INPUTS = ["app", "components", "lib", "public", "package-lock.json", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "README.md"];
const STAMP = path.join(ROOT, ".next", "castboard-source-hash");

function walk(entry, files) {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const child of readdirSync(full).sort()) walk(path.join(entry, child), files);
  } else {
    files.push(entry);
  }
}

/** Hex SHA-256 over the files under `inputs` (paths from the repository root), names included, in a fixed order. */
export function hashSources(inputs) {
  const files = [];
  for (const input of inputs) walk(input, files);
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update("\0").update(readFileSync(path.join(ROOT, file)));
  return hash.digest("hex");
}

export function ensureBuilt({ force = false } = {}) {
  const hash = hashSources(INPUTS);
  const built = existsSync(path.join(ROOT, ".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash;
  if (built && !force) return { built: false };
  console.log("Building Castboard (next build)…");
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) return { built: false, failed: true };
  writeFileSync(STAMP, hash);
  return { built: true };
}
