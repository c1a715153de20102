import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ServerConfig } from "./config";

/** Optional access control: with `APP_ACCESS_TOKEN` set, callers need it as a bearer or the sign-in cookie. */
export const ACCESS_COOKIE = "castboard_access";
export const ACCESS_HEADER = "x-castboard-access-token";

/** The cookie holds a digest of the token, never the token itself. */
export function accessCookieValue(token: string): string {
  return createHmac("sha256", token).update("castboard-access-v1").digest("base64url");
}

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

export function tokenMatches(config: ServerConfig, candidate: string): boolean {
  return !!config.accessToken && same(candidate, config.accessToken);
}

export function hasAccess(headers: Pick<Headers, "get">, config: ServerConfig): boolean {
  if (!config.accessToken) return true;
  const bearer = /^Bearer (.+)$/.exec(headers.get("authorization") ?? "")?.[1] ?? headers.get(ACCESS_HEADER);
  if (bearer && same(bearer, config.accessToken)) return true;
  const cookie = readCookie(headers.get("cookie"), ACCESS_COOKIE);
  return !!cookie && same(cookie, accessCookieValue(config.accessToken));
}
