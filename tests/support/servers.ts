import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startOfflineServer, type OfflineServer } from "@/lib/offline/server";

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("No port");
  return address.port;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `castboard-${prefix}-`));
}

export interface RunningApp {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the production build the way `npm start` serves it, with its own environment and data directory. */
export async function startApp(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<RunningApp> {
  const port = options.port ?? (await freePort());
  const dataDir = tempDir("app");
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts/serve.mjs")], {
    cwd: ROOT,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: dataDir,
      // Node clients (unlike a browser) cannot resolve the relative URLs the app hands back without it.
      APP_ORIGIN: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited early:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the app did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startEngine(options: { key?: string; latencyMs?: number } = {}): Promise<OfflineServer & { dataDir: string }> {
  const dataDir = tempDir("engine");
  const server = await startOfflineServer({ port: 0, dataDir, requiredKey: options.key, latencyMs: options.latencyMs });
  return {
    ...server,
    dataDir,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An upstream that accepts connections and never answers: for the proxy's timeout. */
export async function startHangingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("No port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

/** Debian's `redis-server`: `REDIS_SERVER_PATH`, else the first on PATH (`npm test` installs it when root). */
export function redisServerPath(): string {
  const candidates = [process.env.REDIS_SERVER_PATH, ...(process.env.PATH ?? "").split(":").map((dir) => dir && path.join(dir, "redis-server")), "/usr/bin/redis-server"];
  const found = candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (!found) throw new Error("redis-server not found: install Debian's redis-server (apt-get install redis-server) or set REDIS_SERVER_PATH");
  return found;
}

export interface RunningRedis {
  url: string;
  port: number;
  /** SIGKILL: no shutdown, no goodbye to clients, as if the machine went away. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open but nothing answers, as with a hung server. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.on("error", () => finish(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk;
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG"));
    });
  });
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", () => resolve(true));
  });
}

/**
 * A real Redis on a free loopback port, in a temporary directory. `persistent` writes every change
 * to its append-only file before answering, so a killed server comes back with all its data.
 */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<RunningRedis> {
  const binary = redisServerPath();
  const port = await freePort();
  const dir = tempDir("redis");
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--daemonize", "no", "--loglevel", "warning"];
  args.push(...(options.persistent ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]));
  let child: ChildProcess | undefined;
  let output = "";
  const launch = async () => {
    // Its own process group: a kill also ends any child it forked (an append-only file rewrite
    // holds the listening socket open otherwise).
    child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const deadline = Date.now() + 10_000;
    while (!(await redisAnswers(port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    process.kill(-running.pid!, signal);
    await exited;
    const deadline = Date.now() + 5000;
    while (!(await portRefuses(port)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => halt("SIGKILL"),
    restart: launch,
    pause: async () => void process.kill(-child!.pid!, "SIGSTOP"),
    resume: async () => void process.kill(-child!.pid!, "SIGCONT"),
    stop: async () => {
      await halt("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
