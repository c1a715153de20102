import "server-only";
import type { IncomingMessage } from "node:http";
import { socketHookInstalled } from "./socket-hook";

/**
 * Who is calling, for rate limits, sign-in lockouts and the offline engine's quotas.
 *
 * The rule: the chain is every `X-Forwarded-For` entry followed by the socket's peer. With no
 * trusted proxy (`TRUST_PROXY` unset) the peer is the client and whatever the caller wrote in
 * `X-Forwarded-For` is ignored. With N trusted proxies, each appends the address it saw, so the
 * client is the entry N places left of the peer: a caller can prepend anything, but not past what
 * the proxies appended. Leftmost-wins would let every request claim a fresh address. The stamp
 * is put on at the socket, where a caller's own `x-castboard-client` is overwritten.
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

/** Runs at the socket (see ./socket-hook) before Next.js sees the request. */
export function stampClientAddress(request: IncomingMessage, trustedHops: number): void {
  const forwarded = request.headers["x-forwarded-for"];
  const forwardedFor = Array.isArray(forwarded) ? forwarded.join(",") : forwarded;
  request.headers[CLIENT_HEADER] = resolveClientAddress(forwardedFor, request.socket?.remoteAddress, trustedHops);
  // Untrusted forwarding headers go, so Next.js fills them from the socket (it keeps any it is sent).
  if (trustedHops === 0) for (const header of FORWARDED) delete request.headers[header];
}

let warned = false;

/** The address the hook stamped; without the hook (a server it did not reach) the last forwarded entry. */
export function clientAddress(headers: Pick<Headers, "get">): string {
  const stamped = socketHookInstalled() ? headers.get(CLIENT_HEADER) : null;
  if (stamped) return stamped;
  if (!warned) {
    warned = true;
    console.warn("Castboard: requests arrive without a client address stamp; rate limits fall back to X-Forwarded-For's last entry.");
  }
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}
