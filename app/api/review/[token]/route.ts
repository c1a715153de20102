import { getServerConfig } from "@/lib/server/config";
import { answer, reviewView, versionParam } from "@/lib/server/review/review-api";

export const dynamic = "force-dynamic";

/** The board a review link opens (`?version=N`, else the newest): no access token, only the link's own board. */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return answer(async () => Response.json(await reviewView(getServerConfig(), token, versionParam(new URL(request.url).searchParams.get("version"))), { headers: { "cache-control": "no-store" } }));
}
