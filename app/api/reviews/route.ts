import * as z from "@/lib/zod";
import { AppError } from "@/lib/errors";
import { getServerConfig } from "@/lib/server/config";
import { getReviewStore } from "@/lib/server/review/review-services";
import { authorRoute, noStore, readJson } from "@/lib/server/review/route-helpers";

export const dynamic = "force-dynamic";

const CreateSchema = z.object({
  projectId: z.string().check(z.minLength(1), z.maxLength(100)),
  projectName: z.string().check(z.maxLength(200)),
  /** Days until the link stops opening; null for a link that lasts until it is revoked. */
  expiresInDays: z.nullable(z.int().check(z.minimum(1), z.maximum(365))),
});

/** A new review link for a project's board; its first version is published next. */
export async function POST(request: Request) {
  const config = getServerConfig();
  return authorRoute(request, config, async () => {
    const input = await readJson(request, config, CreateSchema, { maxBytes: 4096, shape: "{ projectId, projectName, expiresInDays }" });
    const store = await getReviewStore(config);
    const expiresAt = input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
    const { share, token } = await store.createShare({ projectId: input.projectId, projectName: input.projectName, expiresAt });
    return Response.json({ share: await store.shareDetail(share.id), token, path: `/review/${token}` }, { status: 201, headers: noStore });
  });
}

/** The project's shares with their versions, new comments since `since` (the author's last look) and statuses. */
export async function GET(request: Request) {
  const config = getServerConfig();
  return authorRoute(request, config, async () => {
    const params = new URL(request.url).searchParams;
    const projectId = params.get("projectId");
    if (!projectId || projectId.length > 100) throw new AppError("bad_request", 'Name the project: "?projectId=…".');
    const since = sinceParam(params.get("since"));
    const store = await getReviewStore(config);
    return Response.json({ shares: await store.listShares(projectId, since) }, { headers: noStore });
  });
}

function sinceParam(raw: string | null): Date | undefined {
  if (raw === null) return undefined;
  const since = new Date(raw);
  if (Number.isNaN(since.getTime())) throw new AppError("bad_request", `"since" must be a date and time such as 2026-12-01T10:00:00Z, got "${raw.slice(0, 40)}".`);
  return since;
}
