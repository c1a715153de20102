import { getServerConfig } from "@/lib/server/config";
import { answer, readReviewActivity, versionParam } from "@/lib/server/review/review-api";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** `?version=N`: that version's threads, statuses and verdicts, and the list of versions; 304 when unchanged. */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return answer(async () => {
    const version = versionParam(new URL(request.url).searchParams.get("version"));
    if (version === undefined) throw new AppError("bad_request", `"version" is required, for example ?version=2.`);
    return readReviewActivity(getServerConfig(), token, version, request.headers.get("if-none-match"));
  });
}
