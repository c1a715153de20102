import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ByteServer {
  /** An empty HTML page at the server's origin, for a harness whose fetches are same-origin. */
  url: string;
  /** Serves `bytes` once at a fresh URL on this origin and returns that URL. */
  offer(bytes: Buffer): string;
  close(): Promise<void>;
}

/**
 * Hands test files to a page over loopback HTTP. Passing them through `page.evaluate` as base64
 * cost most of a minute for a 60 MB fixture (the protocol's JSON, then atob and a per-byte copy in
 * the page); a fetch of the same bytes takes a fraction of a second, and the page gets a Blob of
 * exactly the file's bytes either way.
 */
export async function startByteServer(title = "harness"): Promise<ByteServer> {
  const offered = new Map<string, Buffer>();
  let next = 0;
  const server = createServer((request, reply) => {
    const bytes = offered.get(request.url ?? "");
    if (bytes) {
      offered.delete(request.url!);
      reply.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
      reply.end(bytes);
    } else if (request.url === "/") {
      reply.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      reply.end(`<!doctype html><title>${title}</title>`);
    } else {
      reply.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    offer(bytes) {
      const path = `/file/${next++}`;
      offered.set(path, bytes);
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
