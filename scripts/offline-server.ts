import { startOfflineServer } from "../lib/offline/server";
// The fault layer is test code; this script offers it for trying the app against a bad upstream by hand.
import { createFaultLayer, FAULT_CONTROL_PATH } from "../tests/support/fault-layer";

/**
 * The offline engine as its own server, answering the `FAL_UPSTREAM_URL` mapping:
 *   FAL_KEY=test-key npm run fal:offline -- --port 4010
 * With FAL_KEY (or --key) set it checks `Authorization: Key <key>` like fal does.
 * With --faults it also answers `/__faults`, which switches calls to fault answers (500, 502,
 * 429, hang, dropped connection, malformed JSON, never completing; see tests/support/fault-layer.ts):
 *   curl -X POST localhost:4010/__faults -d '{"kind":"submit","fault":"rate429","times":4}'
 */
function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const port = Number(option("port") ?? process.env.PORT ?? 4010);
const server = await startOfflineServer({
  port,
  host: option("host") ?? "127.0.0.1",
  dataDir: option("data-dir") ?? process.env.DATA_DIR ?? ".data/offline-server",
  requiredKey: option("key") ?? process.env.FAL_KEY,
  latencyMs: Number(option("latency") ?? process.env.OFFLINE_LATENCY_MS ?? 0),
  interceptor: process.argv.includes("--faults") ? createFaultLayer() : undefined,
});
console.log(
  `Offline fal engine listening on ${server.url}${server.requiresKey ? " (key required)" : ""}` +
    (server.interceptor ? `; faults are switched at ${server.url}${FAULT_CONTROL_PATH}` : ""),
);
const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
