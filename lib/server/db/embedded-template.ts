import "server-only";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * A new embedded database is a whole Postgres cluster made by initdb inside WebAssembly: 5 to 20 s
 * of CPU. Every new one is the same, so the first is kept as a tarball (per PGlite version, in
 * node_modules/.cache) and the next ones, such as a fresh DATA_DIR, unpack it in a second.
 */
const ROOT = /*turbopackIgnore: true*/ process.cwd();

/** Named by the PGlite version and the migrations applied to it, so a new version or migration makes a new one. */
function templateFile(migrationsFolder: string): string | undefined {
  try {
    const manifest = path.join(ROOT, "node_modules/@electric-sql/pglite/package.json");
    const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version;
    const migrations = createHash("sha256");
    for (const file of readdirSync(migrationsFolder, { recursive: true, encoding: "utf8" }).sort()) {
      const full = path.join(migrationsFolder, file);
      if (statSync(full).isFile()) migrations.update(file).update(readFileSync(full));
    }
    return version ? path.join(ROOT, "node_modules/.cache/castboard", `pglite-${version}-${migrations.digest("hex").slice(0, 12)}.tar.gz`) : undefined;
  } catch {
    return undefined;
  }
}

const isNewCluster = (directory: string) => !existsSync(path.join(directory, "PG_VERSION"));

/**
 * Opens the embedded cluster in `directory` and runs `migrate` on it; a new one is unpacked from
 * the kept template (already migrated), or made and migrated, then kept as the template.
 */
export async function createEmbedded(directory: string, migrationsFolder: string, migrate: (client: PGlite) => Promise<void>): Promise<PGlite> {
  const template = templateFile(migrationsFolder);
  if (!isNewCluster(directory) || !template) return migrated(await PGlite.create(directory), migrate);
  if (existsSync(template)) {
    try {
      return await migrated(await PGlite.create(directory, { loadDataDir: new Blob([readFileSync(template)]) }), migrate);
    } catch (error) {
      // A damaged template: forget it and make the cluster the slow way.
      console.warn(`The embedded database template could not be used (${(error as Error).message}); making a new cluster`);
      rmSync(template, { force: true });
    }
  }
  const client = await migrated(await PGlite.create(directory), migrate);
  try {
    const dump = await client.dumpDataDir("gzip");
    mkdirSync(path.dirname(template), { recursive: true });
    const partial = `${template}.${process.pid}.partial`;
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, template);
  } catch {
    // Only a speed-up: a read-only checkout makes each new cluster the slow way.
  }
  return client;
}

async function migrated(client: PGlite, migrate: (client: PGlite) => Promise<void>): Promise<PGlite> {
  try {
    await migrate(client);
    return client;
  } catch (error) {
    await client.close();
    throw error;
  }
}
