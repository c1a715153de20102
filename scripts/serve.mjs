import { createServer } from "node:http";
import path from "node:path";
import next from "next";

/**
 * Serves the production build. Who the client is (and which `X-Forwarded-*` headers to believe)
 * is decided for every way of serving the app in `instrumentation.ts`, not here.
 */
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";

const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => void handle(request, response));
// Slow or stalled clients cannot hold a connection open: headers within 20 s, a whole request
// within 2 minutes (the routes time out stalled bodies sooner, see BODY_IDLE_TIMEOUT_MS).
server.headersTimeout = 20_000;
server.requestTimeout = 120_000;
server.listen(port, hostname, () => {
  console.log(`Castboard is ready on http://localhost:${port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // A client that holds its connection open (a stalled upload) does not hold up the exit.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
