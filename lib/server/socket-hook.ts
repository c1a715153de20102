import "server-only";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";

/**
 * Work done on every request at the socket, before Next.js sees it, so it holds however the app
 * is served (`npm start`, `next start`, a standalone server in a container): route handlers and
 * pages never see the socket. `instrumentation.ts` installs it once per process.
 *
 * It patches the servers' `emit` for "request" events rather than using a Next.js proxy.ts
 * (middleware): with a proxy.ts present, every API call went through Next's middleware plumbing
 * even where it matched nothing, and the proxy route's p50 at 32 concurrent calls rose from
 * 1.06x to 1.16x the stock fal handler (npm run bench).
 */
export type RequestStamp = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Answers some requests itself, before Next.js: returns true when it has taken the request, and
 * then either answers it or calls `toNext()` to hand it on after all (any refusal, for instance,
 * so that the route's own answer is the only one).
 */
export type RequestInterceptor = (request: IncomingMessage, response: ServerResponse, toNext: () => void) => boolean;

const INSTALLED = Symbol.for("castboard.socket-hook");
type Emitting = { emit: (event: string | symbol, ...args: unknown[]) => boolean; [INSTALLED]?: true };
const servers = () => [http.Server.prototype, https.Server.prototype] as unknown as Emitting[];

export function installSocketHook(stamps: RequestStamp[], interceptors: RequestInterceptor[] = []): void {
  for (const server of servers()) {
    if (server[INSTALLED]) continue;
    const emit = server.emit;
    server.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const [request, response] = args as [IncomingMessage, ServerResponse];
        for (const stamp of stamps) stamp(request, response);
        const toNext = () => void emit.call(this, event, ...args);
        if (interceptors.some((intercept) => intercept(request, response, toNext))) return true;
      }
      return emit.call(this, event, ...args);
    };
    server[INSTALLED] = true;
  }
}

export function socketHookInstalled(): boolean {
  return servers()[0]![INSTALLED] === true;
}
