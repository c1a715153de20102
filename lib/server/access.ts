import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { ServerConfig } from "./config";

/**
 * Optional access control: with `APP_ACCESS_TOKEN` set, callers need the token (as a bearer or
 * `x-castboard-access-token`) or a session cookie from signing in with it.
 *
 * A session cookie is `<expires>.<id>.<signature>`: its own random id and expiry, signed with a
 * key derived from the token, so each sign-in is a separate session that ends on its own, can be
 * revoked by id (sign-out), and every session ends when the token changes.
 */
export const ACCESS_COOKIE = "castboard_session";
export const ACCESS_HEADER = "x-castboard-access-token";

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

function sign(token: string, payload: string): string {
  const key = createHmac("sha256", token).update("castboard-session-v2").digest();
  return createHmac("sha256", key).update(payload).digest("base64url");
}

export interface Session {
  id: string;
  expiresAt: number;
  cookie: string;
}

export function createSession(config: ServerConfig, token: string, now = Date.now()): Session {
  const expiresAt = now + config.session.ttlMs;
  const id = randomBytes(16).toString("base64url");
  const payload = `${Math.floor(expiresAt / 1000)}.${id}`;
  return { id, expiresAt, cookie: `${payload}.${sign(token, payload)}` };
}

export type SessionCheck = { state: "valid"; id: string; expiresAt: number } | { state: "expired" } | { state: "forged" };

export function verifySession(token: string, cookie: string, now = Date.now()): SessionCheck {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
  if (!match) return { state: "forged" };
  const [, seconds, id, signature] = match as unknown as [string, string, string, string];
  if (!same(signature, sign(token, `${seconds}.${id}`))) return { state: "forged" };
  const expiresAt = Number(seconds) * 1000;
  return expiresAt > now ? { state: "valid", id, expiresAt } : { state: "expired" };
}

export function sessionCookieHeader(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${ACCESS_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

export function tokenMatches(config: ServerConfig, candidate: string): boolean {
  return !!config.accessToken && same(candidate, config.accessToken);
}

/**
 * What a request presents: `open` (no token configured), `granted`, `missing` (nothing, or a
 * session that ended), or `refused` (a wrong token or a forged cookie: a guess, which counts
 * against the caller's sign-in attempts). `attempt` says the caller sent a token itself.
 */
export type AccessCheck =
  | { result: "open" | "missing" }
  | { result: "granted"; via: "token" }
  | { result: "granted"; via: "session"; sessionId: string; expiresAt: number }
  | { result: "refused"; attempt: boolean };

export function presentedAccess(headers: Pick<Headers, "get">, config: ServerConfig): AccessCheck {
  if (!config.accessToken) return { result: "open" };
  const bearer = /^Bearer (.+)$/.exec(headers.get("authorization") ?? "")?.[1] ?? headers.get(ACCESS_HEADER);
  if (bearer) return same(bearer, config.accessToken) ? { result: "granted", via: "token" } : { result: "refused", attempt: true };
  const cookie = readCookie(headers.get("cookie"), ACCESS_COOKIE);
  if (!cookie) return { result: "missing" };
  const session = verifySession(config.accessToken, cookie);
  if (session.state === "forged") return { result: "refused", attempt: false };
  if (session.state === "expired") return { result: "missing" };
  return { result: "granted", via: "session", sessionId: session.id, expiresAt: session.expiresAt };
}
