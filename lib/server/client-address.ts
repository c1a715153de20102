import "server-only";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";

/**
 * Who is calling, for rate limits, sign-in lockouts and the offline engine's quotas.
 *
 * The rule: the chain is every `X-Forwarded-For` entry followed by the socket's peer. With no
 * trusted proxy (`TRUST_PROXY` unset) the peer is the client and whatever the caller wrote in
 * `X-Forwarded-For` is ignored. With N trusted proxies, each appends the address it saw, so the
 * client is the entry N places left of the peer: a caller can prepend anything, but not past what
 * the proxies appended. Leftmost-wins would let every request claim a fresh address.
 */
export const CLIENT_HEADER = "x-castboard-client";
const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"];

function normalize(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice("::ffff:".length) : trimmed;
}

export function resolveClientAddress(forwardedFor: string | undefined, peer: string | undefined, trustedHops: number): string {
  if (trustedHops === 0) return peer ? normalize(peer) : "unknown";
  const chain = (forwardedFor ?? "").split(",").map(normalize).filter(Boolean);
  if (peer) chain.push(normalize(peer));
  return chain[Math.max(0, chain.length - 1 - trustedHops)] ?? "unknown";
}

function tagRequest(request: IncomingMessage, trustedHops: number): void {
  const forwarded = request.headers["x-forwarded-for"];
  const forwardedFor = Array.isArray(forwarded) ? forwarded.join(",") : forwarded;
  request.headers[CLIENT_HEADER] = resolveClientAddress(forwardedFor, request.socket?.remoteAddress, trustedHops);
  // Untrusted forwarding headers go, so Next.js fills them from the socket (it keeps any it is sent).
  if (trustedHops === 0) for (const header of FORWARDED) delete request.headers[header];
}

const INSTALLED = Symbol.for("castboard.client-address-hook");
type Emitting = { emit: (event: string | symbol, ...args: unknown[]) => boolean; [INSTALLED]?: true };

/**
 * Stamps every incoming request with its client address at the socket, before Next.js sees it,
 * so the rule holds however the app is served: `npm start`, `next start`, a standalone server in
 * a container. Route handlers never see the socket, so this is the one place that can. A caller
 * that sends `x-castboard-client` itself has it overwritten.
 */
export function installClientAddressHook(trustedHops: number): void {
  for (const server of [http.Server.prototype, https.Server.prototype] as unknown as Emitting[]) {
    if (server[INSTALLED]) continue;
    const emit = server.emit;
    server.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") tagRequest(args[0] as IncomingMessage, trustedHops);
      return emit.call(this, event, ...args);
    };
    server[INSTALLED] = true;
  }
}

let warned = false;

/** The address the hook stamped; without the hook (a server it did not reach) the last forwarded entry. */
export function clientAddress(headers: Pick<Headers, "get">): string {
  const hooked = (http.Server.prototype as unknown as Emitting)[INSTALLED];
  const stamped = hooked ? headers.get(CLIENT_HEADER) : null;
  if (stamped) return stamped;
  if (!warned) {
    warned = true;
    console.warn("Castboard: requests arrive without a client address stamp; rate limits fall back to X-Forwarded-For's last entry.");
  }
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}
