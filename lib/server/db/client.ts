import "server-only";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { createEmbedded } from "./embedded-template";
import * as schema from "./schema";
import { orUnavailable } from "./unavailable";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  /** `pglite`: embedded, one process, files under `DATA_DIR/db`; `postgres`: `DATABASE_URL`, any number of instances. */
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `DATABASE_URL`; unset opens the embedded database under `dataDir`. */
  url?: string;
  dataDir: string;
  /** How long connecting may take before the call is refused as unavailable (s). */
  connectTimeoutSeconds?: number;
}

// Read at run time from the checkout `npm start` serves (the build does not bundle SQL files).
const MIGRATIONS = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "lib/server/db/migrations");
/** Any fixed number: every instance asks for the same lock so only one migrates at a time. */
const MIGRATION_LOCK = 7_246_310_915;

/** Opens the database and brings its schema up to date (drizzle's migrator: applied migrations are skipped). */
export async function openDatabase(options: DatabaseOptions, migrationsFolder = MIGRATIONS): Promise<DatabaseHandle> {
  if (!options.url) {
    const directory = path.join(/*turbopackIgnore: true*/ options.dataDir, "db");
    mkdirSync(directory, { recursive: true });
    const unlock = lockEmbedded(directory);
    try {
      const client = await createEmbedded(directory, migrationsFolder, (opened) => migratePglite(drizzlePglite({ client: opened, schema }), { migrationsFolder }));
      return { db: drizzlePglite({ client, schema }), kind: "pglite", close: () => client.close().finally(unlock) };
    } catch (error) {
      unlock();
      throw error;
    }
  }
  const connectTimeout = options.connectTimeoutSeconds ?? 5;
  await orUnavailable("database", () => migrateWithLock(options.url!, connectTimeout, migrationsFolder));
  const client = postgres(options.url, { max: 10, connect_timeout: connectTimeout, idle_timeout: 60, onnotice: () => undefined });
  return { db: drizzlePostgres({ client, schema }), kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

/**
 * The embedded database is one process's files: a second opener (another instance on the same
 * `DATA_DIR`, or a second open in this one) would corrupt them, so it is refused with what to do.
 */
function lockEmbedded(directory: string): () => void {
  // Beside the cluster, not in it: a cluster's files are copied whole into new ones (embedded-template.ts).
  const lock = `${directory}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lock, "utf8"));
      if (holder && processAlive(holder)) {
        throw new Error(
          `The embedded review database in ${directory} is in use by process ${holder}. Several instances need a shared Postgres: set DATABASE_URL.`,
        );
      }
      // Left by a process that is gone.
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded review database in ${directory}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Several instances may start at once: each takes a session-level advisory lock on one connection
 * before migrating, so the others wait and then find nothing left to apply.
 */
async function migrateWithLock(url: string, connectTimeout: number, migrationsFolder: string): Promise<void> {
  const client = postgres(url, { max: 1, connect_timeout: connectTimeout, onnotice: () => undefined });
  try {
    const db = drizzlePostgres({ client });
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await migratePostgres(db, { migrationsFolder });
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
