import * as z from "@/lib/zod";
import { AppError } from "@/lib/errors";
import { ACCESS_COOKIE, accessCookieValue, tokenMatches } from "@/lib/server/access";
import { getServerConfig } from "@/lib/server/config";

export const dynamic = "force-dynamic";

const SignInSchema = z.object({ token: z.string().check(z.minLength(1), z.maxLength(512)) });

/** Exchanges the access token for an http-only cookie holding its digest. */
export async function POST(request: Request) {
  const config = getServerConfig();
  const form = await request.formData().catch(() => null);
  const parsed = SignInSchema.safeParse({ token: form?.get("token") });
  if (!config.accessToken) return Response.redirect(new URL("/", request.url), 303);
  if (!parsed.success || !tokenMatches(config, parsed.data.token)) {
    return Response.redirect(new URL("/sign-in?error=1", request.url), 303);
  }
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return new Response(null, {
    status: 303,
    headers: {
      location: "/",
      "set-cookie": `${ACCESS_COOKIE}=${accessCookieValue(parsed.data.token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000${secure}`,
    },
  });
}

export async function GET() {
  return new AppError("method_not_allowed", "Sign in with POST").toResponse();
}
