import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { freePort, tempDir } from "./servers";

/** Debian's Postgres binaries: `POSTGRES_BIN`, else the newest /usr/lib/postgresql/<version>/bin (`npm test` installs it when root). */
export function postgresBinDir(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("Postgres not found: install Debian's postgresql (apt-get install postgresql) or set POSTGRES_BIN to its bin directory");
  return path.join(root, newest, "bin");
}

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:<port>/castboard, a database of its own. */
  url: string;
  port: number;
  /** Stops it at once (`pg_ctl -m immediate`): connections break, new ones are refused. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throwaway Postgres server on a free loopback port, in a temporary directory, without fsync for
 * speed (commits still reach the log before they return, so `kill` loses nothing committed). Postgres refuses to run as root, so as root (CI) it runs as the
 * `postgres` user the Debian package creates, and the directory is handed to that user.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  const port = await freePort();
  const dir = tempDir("postgres");
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? { uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()), gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()) } : null;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const run = (tool: string, args: string[]) => {
    const [command, commandArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    const result = spawnSync(command, commandArgs, { encoding: "utf8", cwd: dir });
    if (result.status !== 0) {
      const serverLog = existsSync(log) ? readFileSync(log, "utf8") : "";
      throw new Error(`${tool} failed (${result.status}):\n${result.stdout}${result.stderr}${serverLog}`);
    }
  };
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  writeFileSync(
    path.join(data, "postgresql.auto.conf"),
    [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, "fsync = off", "full_page_writes = off", "max_connections = 100"].join("\n") + "\n",
  );
  if (owner) chownSync(path.join(data, "postgresql.auto.conf"), owner.uid, owner.gid);
  // -w: returns once the server accepts connections.
  const start = async () => run("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "30", "start"]);
  await start();
  const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => undefined });
  await admin.unsafe("create database castboard");
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/castboard`,
    port,
    kill: async () => run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]),
    restart: start,
    stop: async () => {
      spawnSync(asRoot ? "runuser" : path.join(bin, "pg_ctl"), asRoot ? ["-u", "postgres", "--", path.join(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"] : ["-D", data, "-m", "fast", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
