import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { median } from "../bench/stats";
import { freePort, tempDir } from "../tests/support/servers";

/** The app and the engine as their own processes, so their pids (RSS, CPU) are the load tests' to read. */
const ROOT = path.resolve(import.meta.dirname, "..");
const SAMPLE_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;


export interface ServerProcess {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `node ARGS` in the project's root with a minimal environment plus `env`, ready once `ready`
 * answers at all; `stop()` ends it (SIGTERM, then SIGKILL after 10 s) and removes `dataDir`.
 */
export async function startNodeProcess(args: string[], env: Record<string, string>, ready: string, name: string, dataDir?: string): Promise<ServerProcess> {
  let output = "";
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${output}`);
    if (await fetch(ready).then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    await sleep(150);
  }
  return {
    url: new URL(ready).origin,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(10_000).then(() => child.kill("SIGKILL"))]);
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `scripts/serve.mjs` with the environment `startApp` gives it, as a process whose pid we know. */
export async function startServeProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = tempDir("load-app");
  return startNodeProcess(
    [path.join(ROOT, "scripts/serve.mjs")],
    { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, ...env },
    `http://127.0.0.1:${port}/api/health`,
    "the app",
    dataDir,
  );
}

/** The standalone offline engine (`npm run fal:offline`), checking `Authorization: Key <key>`. */
export async function startEngineProcess(key: string): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = tempDir("load-engine");
  return startNodeProcess(
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/offline-server.ts"), "--port", String(port), "--data-dir", dataDir, "--key", key],
    {},
    `http://127.0.0.1:${port}/`,
    "the offline engine",
    dataDir,
  );
}

/** VmRSS of a process in MB, from /proc. */
export function rssMb(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds a process has used, from /proc (clock ticks of 1/100 s on Linux). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every 250 ms; windows of samples are read by time. */
export class RssSampler {
  readonly samples: { at: number; mb: number }[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  private sample() {
    const mb = rssMb(this.pid);
    if (mb !== undefined) this.samples.push({ at: Date.now(), mb });
  }

  peak(from: number, to = Date.now()): number {
    return round1(Math.max(...this.samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.mb)));
  }

  /** The median over the last `ms`: one figure for a process at rest. */
  settled(ms = 2000): number {
    const now = Date.now();
    const recent = this.samples.filter((s) => s.at >= now - ms).map((s) => s.mb);
    return round1(median(recent.length ? recent : [this.samples.at(-1)!.mb]));
  }

  stop() {
    clearInterval(this.timer);
  }
}

