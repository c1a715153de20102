import { describe, expect, it } from "vitest";
import { createSession, presentedAccess, verifySession } from "@/lib/server/access";
import { resolveClientAddress } from "@/lib/server/client-address";
import { getServerConfig, trustedHopsFromEnv, type ServerConfig } from "@/lib/server/config";
import { untilText } from "@/lib/server/proxy";

const config: ServerConfig = { ...getServerConfig(), accessToken: "token-1", session: { ttlMs: 60_000, maxFailures: 3, failureWindowMs: 60_000 } };
const headers = (values: Record<string, string>) => new Headers(values);

describe("sessions", () => {
  it("gives each sign-in its own signed session that ends at its expiry", () => {
    const now = Date.UTC(2026, 11, 1);
    const a = createSession(config, "token-1", now);
    const b = createSession(config, "token-1", now);
    expect(a.cookie).not.toBe(b.cookie);
    expect(verifySession("token-1", a.cookie, now + 59_000)).toMatchObject({ state: "valid", id: a.id });
    expect(verifySession("token-1", a.cookie, now + 61_000)).toEqual({ state: "expired" });
  });

  it("treats a tampered, re-dated or other-token cookie as forged", () => {
    const now = Date.UTC(2026, 11, 1);
    const { cookie } = createSession(config, "token-1", now);
    const [seconds, id, signature] = cookie.split(".");
    expect(verifySession("token-1", `${Number(seconds) + 3600}.${id}.${signature}`, now)).toEqual({ state: "forged" });
    expect(verifySession("token-2", cookie, now)).toEqual({ state: "forged" });
    expect(verifySession("token-1", "castboard", now)).toEqual({ state: "forged" });
  });

  it("tells a guess from a missing or ended credential", () => {
    const { cookie } = createSession(config, "token-1");
    expect(presentedAccess(headers({ authorization: "Bearer token-1" }), config)).toEqual({ result: "granted", via: "token" });
    expect(presentedAccess(headers({ "x-castboard-access-token": "nope" }), config)).toEqual({ result: "refused", attempt: true });
    expect(presentedAccess(headers({ cookie: `castboard_session=${cookie}` }), config)).toMatchObject({ result: "granted", via: "session" });
    expect(presentedAccess(headers({ cookie: "castboard_session=1.2.3" }), config)).toEqual({ result: "refused", attempt: false });
    expect(presentedAccess(headers({}), config)).toEqual({ result: "missing" });
    expect(presentedAccess(headers({}), { ...config, accessToken: undefined })).toEqual({ result: "open" });
  });
});

describe("client address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("203.0.113.9", "::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
  });

  it("is the entry the trusted proxies appended, not the leftmost a caller wrote", () => {
    // nginx appends the address it saw: "<what the caller sent>, <caller>"; the peer is nginx.
    expect(resolveClientAddress("1.1.1.1, 2.2.2.2, 198.51.100.7", "10.0.0.5", 1)).toBe("198.51.100.7");
    expect(resolveClientAddress("1.1.1.1, 198.51.100.7, 10.0.0.9", "10.0.0.5", 2)).toBe("198.51.100.7");
    expect(resolveClientAddress(undefined, "10.0.0.5", 1)).toBe("10.0.0.5");
  });

  it("reads TRUST_PROXY as a count of proxies", () => {
    expect([undefined, "0", "1", "true", "3"].map((raw) => trustedHopsFromEnv(raw))).toEqual([0, 0, 1, 1, 3]);
    expect(() => trustedHopsFromEnv("yes")).toThrow(/TRUST_PROXY must be 0 to 10/);
  });
});

describe("the spend cap's reset time", () => {
  it("never says 60 min", () => {
    expect(untilText(2 * 3_600_000 + 59.6 * 60_000)).toBe("3 h 0 min");
    expect(untilText(2 * 3_600_000 + 59 * 60_000 + 1)).toBe("3 h 0 min");
    expect(untilText(59 * 60_000 + 30_000)).toBe("1 h 0 min");
    expect(untilText(45 * 60_000)).toBe("45 min");
    expect(untilText(1_000)).toBe("1 min");
  });
});
