import { getServerConfig } from "@/lib/server/config";
import { getReviewStore } from "@/lib/server/review/review-services";
import { authorRoute, noStore } from "@/lib/server/review/route-helpers";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ shareId: string }> };

/** One share for its author: versions, every version's threads, statuses and verdicts. */
export async function GET(request: Request, { params }: Params) {
  const { shareId } = await params;
  const config = getServerConfig();
  return authorRoute(request, config, async () => {
    const store = await getReviewStore(config);
    return Response.json(await store.shareDetail(shareId), { headers: noStore });
  });
}

/** Revokes the link: from now on it answers 404 on every instance (they share the database). */
export async function DELETE(request: Request, { params }: Params) {
  const { shareId } = await params;
  const config = getServerConfig();
  return authorRoute(request, config, async () => {
    const store = await getReviewStore(config);
    await store.shareById(shareId);
    await store.revokeShare(shareId);
    return new Response(null, { status: 204, headers: noStore });
  });
}
