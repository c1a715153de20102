import * as z from "@/lib/zod";
import { AppError, isAppError } from "@/lib/errors";
import { createSession, presentedAccess, sessionCookieHeader, tokenMatches } from "@/lib/server/access";
import { clientAddress } from "@/lib/server/client-address";
import { getServerConfig, type ServerConfig } from "@/lib/server/config";
import { readBody } from "@/lib/server/read-capped";
import { getServices } from "@/lib/server/services";

export const dynamic = "force-dynamic";

const SignInSchema = z.object({ token: z.string().check(z.minLength(1), z.maxLength(512)) });
/** A sign-in form is one short field; anything longer is not one. */
const MAX_FORM_BYTES = 4096;

/** Relative redirects: the Location never carries a Host header a caller chose. */
const redirect = (location: string, headers: Record<string, string> = {}) => new Response(null, { status: 303, headers: { location, ...headers } });

function secureCookies(request: Request, config: ServerConfig): boolean {
  return (config.appOrigin ?? request.url).startsWith("https:");
}

/** Exchanges the access token for a session cookie: its own id, expiry and signature. */
export async function POST(request: Request) {
  const config = getServerConfig();
  if (!config.accessToken) return redirect("/");
  const { signIn } = getServices(config);
  const client = clientAddress(request.headers);
  let token: string | undefined;
  try {
    const body = await readBody(request, config, { maxBytes: MAX_FORM_BYTES, hint: "The sign-in form sends only the access token." });
    const parsed = SignInSchema.safeParse({ token: new URLSearchParams(body).get("token") ?? undefined });
    token = parsed.success ? parsed.data.token : undefined;
  } catch (error) {
    if (isAppError(error)) return error.toResponse();
    throw error;
  }
  const locked = await signIn.lockedFor(client);
  if (locked) return redirect(`/sign-in?error=locked&minutes=${Math.ceil(locked / 60)}`, { "retry-after": String(locked) });
  if (!token || !tokenMatches(config, token)) {
    await signIn.failed(client);
    return redirect("/sign-in?error=1");
  }
  await signIn.succeeded(client);
  const session = createSession(config, token);
  const maxAge = Math.floor(config.session.ttlMs / 1000);
  return redirect("/", { "set-cookie": sessionCookieHeader(session.cookie, maxAge, secureCookies(request, config)) });
}

/** Signs out: this session is revoked at once (on every instance with Redis) and its cookie cleared. */
export async function DELETE(request: Request) {
  const config = getServerConfig();
  const access = presentedAccess(request.headers, config);
  if (access.result === "granted" && access.via === "session") {
    await getServices(config).signIn.revoke(access.sessionId, access.expiresAt);
  }
  return new Response(null, { status: 204, headers: { "set-cookie": sessionCookieHeader("", 0, secureCookies(request, config)), "cache-control": "no-store" } });
}

export async function GET() {
  return new AppError("method_not_allowed", "Sign in with POST, sign out with DELETE").toResponse();
}
