import { createServer } from "node:http";
import path from "node:path";
import next from "next";

/**
 * Serves the production build. Next.js only fills `X-Forwarded-*` from the socket when the
 * caller did not send them, so unless a trusted load balancer sits in front (`TRUST_PROXY=1`)
 * we drop what the caller sent: the rate limit then keys on the real peer address.
 */
const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"];
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const trustProxy = process.env.TRUST_PROXY === "1";

const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  if (!trustProxy) for (const header of FORWARDED) delete request.headers[header];
  void handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`Castboard is ready on http://localhost:${port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
