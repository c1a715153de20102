import "server-only";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createOfflineEngine, type OfflineEngineOptions } from "./engine";

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
  interceptor?: RequestInterceptor;
  close(): Promise<void>;
}

const RECEIVED_LIMIT = 10_000;

/**
 * Something that may answer in the engine's place: the test suite's fault layer
 * (tests/support/fault-layer.ts) makes a bad upstream out of it. The engine itself has none.
 */
export interface RequestInterceptor {
  /** Answers the interceptor's own control calls; false for anything else. */
  control(message: IncomingMessage, reply: ServerResponse): Promise<boolean>;
  /** Answers the call itself, calling `engine` if it needs the engine's answer; false to let the engine answer. */
  serve(message: IncomingMessage, reply: ServerResponse, engine: () => Promise<Response>): Promise<boolean>;
  close(): void;
}

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
  options: OfflineEngineOptions & { port?: number; host?: string; interceptor?: RequestInterceptor },
): Promise<OfflineServer> {
  const engine = createOfflineEngine(options);
  const interceptor = options.interceptor;
  const received: ReceivedRequest[] = [];
  const host = options.host ?? "127.0.0.1";
  let origin = "";
  const server = createServer(async (message, reply) => {
    if (interceptor && (await interceptor.control(message, reply))) return;
    received.push({ method: message.method ?? "", path: message.url ?? "", authorization: message.headers.authorization ?? null });
    if (received.length > RECEIVED_LIMIT) received.splice(0, received.length - RECEIVED_LIMIT);
    try {
      const answer = () => engine.handle(toRequest(message, origin), origin);
      if (interceptor && (await interceptor.serve(message, reply, answer))) return;
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
    interceptor,
    close: () =>
      new Promise<void>((resolve) => {
        engine.close();
        interceptor?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
