import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { createFaultLayer, FAULT_CONTROL_PATH, type Fault, type FaultKind, type FaultLayer } from "./fault-layer";
import { startOfflineServer, type OfflineServer } from "@/lib/offline/server";
import { freePort, tempDir } from "./servers";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type FaultEngine = OfflineServer & {
  faults: FaultLayer;
  dataDir: string;
  /** Calls the engine received whose path starts with `prefix` (host-mapped, e.g. `/queue.fal.run/...`). */
  calls(prefix: string): number;
};

export const SUBMIT_PATH = "/queue.fal.run/fal-ai/ideogram/character";

/**
 * The standalone engine with its fault layer switched on, in this process: a test flips faults
 * through `engine.faults.set(kind, fault)` and reads what reached upstream from `engine.received`.
 */
export async function startFaultEngine(options: { key?: string; latencyMs?: number } = {}): Promise<FaultEngine> {
  const dataDir = tempDir("faults");
  const faults = createFaultLayer();
  const server = await startOfflineServer({ port: 0, dataDir, requiredKey: options.key, latencyMs: options.latencyMs, interceptor: faults });
  return {
    ...server,
    faults,
    dataDir,
    calls: (prefix) => server.received.filter((r) => r.path.startsWith(prefix)).length,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `npm run fal:offline -- --faults` as its own process, switched over HTTP at `/__faults`. */
export async function startFaultEngineProcess(options: { key: string }): Promise<{
  url: string;
  setFault(kind: FaultKind, fault: Fault, times?: number): Promise<Response>;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const dataDir = tempDir("faults-process");
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/offline-server.ts", "--port", String(port), "--data-dir", dataDir, "--faults"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", FAL_KEY: options.key },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!output.includes("faults are switched at")) {
    if (child.exitCode !== null) throw new Error(`the fault engine exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the fault engine did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    setFault: (kind, fault, times) =>
      fetch(`${url}${FAULT_CONTROL_PATH}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind, fault, times }) }),
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
