import { createServer } from "node:http";
import { Readable } from "node:stream";
import { createRouteHandler } from "@fal-ai/server-proxy/nextjs";

/**
 * The stock `createRouteHandler()` of `@fal-ai/server-proxy` in a plain node:http server, no
 * Next.js around it: the proxy latency baseline without any framework (bench/proxy.bench.ts).
 * Same allow-list change as app/api/fal/proxy/route.js; PORT and STOCK_PROXY_ALLOWED_URL from
 * the environment, the key from FAL_KEY as by default.
 */
const handlers = createRouteHandler({ allowedUrlPatterns: [process.env.STOCK_PROXY_ALLOWED_URL] });
const port = Number(process.env.PORT ?? 3100);

const server = createServer(async (message, reply) => {
  try {
    const headers = new Headers();
    for (const [key, value] of Object.entries(message.headers)) {
      if (typeof value === "string") headers.set(key, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    }
    const hasBody = message.method !== "GET" && message.method !== "HEAD";
    const request = new Request(`http://127.0.0.1:${port}${message.url ?? "/"}`, {
      method: message.method,
      headers,
      body: hasBody ? Readable.toWeb(message) : undefined,
      duplex: "half",
    });
    const handler = handlers[message.method ?? "GET"];
    if (!handler) {
      reply.writeHead(405).end();
      return;
    }
    const response = await handler(request);
    reply.writeHead(response.status, Object.fromEntries(response.headers));
    reply.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    if (reply.headersSent) return void reply.destroy();
    reply.writeHead(500, { "content-type": "application/json" });
    reply.end(JSON.stringify({ error: String(error) }));
  }
});
server.listen(port, "127.0.0.1", () => console.log(`stock proxy on http://127.0.0.1:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
