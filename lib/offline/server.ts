import "server-only";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createOfflineEngine, type OfflineEngineOptions } from "./engine";
import { createFaultLayer, type FaultLayer } from "./faults";

/** One request as the standalone engine received it; tests use this to prove what reached upstream. */
export interface ReceivedRequest {
  method: string;
  path: string;
  authorization: string | null;
}

export interface OfflineServer {
  url: string;
  requiresKey: boolean;
  received: ReceivedRequest[];
  /** Present when started with `faults: true`: switches calls to fault answers (see ./faults). */
  faults?: FaultLayer;
  close(): Promise<void>;
}

const RECEIVED_LIMIT = 10_000;

function toRequest(message: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(message.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
  }
  const hasBody = message.method !== "GET" && message.method !== "HEAD";
  return new Request(new URL(message.url ?? "/", origin), {
    method: message.method,
    headers,
    body: hasBody ? (Readable.toWeb(message) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

export async function startOfflineServer(
  options: OfflineEngineOptions & { port?: number; host?: string; faults?: boolean },
): Promise<OfflineServer> {
  const engine = createOfflineEngine(options);
  const faults = options.faults ? createFaultLayer() : undefined;
  const received: ReceivedRequest[] = [];
  const host = options.host ?? "127.0.0.1";
  let origin = "";
  const server = createServer(async (message, reply) => {
    if (faults && (await faults.control(message, reply))) return;
    received.push({ method: message.method ?? "", path: message.url ?? "", authorization: message.headers.authorization ?? null });
    if (received.length > RECEIVED_LIMIT) received.splice(0, received.length - RECEIVED_LIMIT);
    try {
      const answer = () => engine.handle(toRequest(message, origin), origin);
      if (faults && (await faults.serve(message, reply, answer))) return;
      const response = await answer();
      reply.writeHead(response.status, Object.fromEntries(response.headers));
      reply.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      if (reply.headersSent) return void reply.destroy();
      reply.writeHead(500, { "content-type": "application/json" });
      reply.end(JSON.stringify({ detail: error instanceof Error ? error.message : "Engine failure" }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://${host}:${port}`;
  return {
    url: origin,
    requiresKey: !!options.requiredKey,
    received,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        engine.close();
        faults?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
