import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type RunningPostgres } from "../support/postgres";
import { until } from "../support/review-fixtures";
import { freePort, startApp, type RunningApp } from "../support/servers";

/** The built app with `DATABASE_URL`: it migrates the review database as it starts, and starts anyway when that database is down. */
describe("the app's review database at start-up", () => {
  let database: RunningPostgres;
  let app: RunningApp | undefined;

  beforeAll(async () => {
    database = await startPostgres();
  });
  afterAll(async () => {
    await app?.stop();
    await database?.stop();
  });

  it("applies the migrations to the Postgres at DATABASE_URL", async () => {
    app = await startApp({ DATABASE_URL: database.url });
    await until(async () => app!.output().includes("Review database ready"), "the app to report the review database ready", 30_000);
    const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
    try {
      const tables = await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public' order by 1`;
      expect(tables.map((t) => t.table_name)).toEqual(["comments", "panel_statuses", "shares", "verdicts", "versions"]);
      const [{ n }] = await sql<[{ n: number }]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(n).toBe(1);
    } finally {
      await sql.end();
      await app.stop();
      app = undefined;
    }
  });

  it("starts and serves while that database is down, saying the review links will try again", async () => {
    app = await startApp({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/castboard` });
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    await until(async () => /Review database not ready yet \(.*not answering.*\); review links will try again when used/.test(app!.output()), "the warning", 30_000);
  });
});
