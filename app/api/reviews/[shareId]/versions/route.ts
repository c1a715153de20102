import * as z from "@/lib/zod";
import { getServerConfig } from "@/lib/server/config";
import { getReviewStore } from "@/lib/server/review/review-services";
import { authorRoute, noStore, readJson } from "@/lib/server/review/route-helpers";

export const dynamic = "force-dynamic";

// The snapshot is checked by the store against its schema and caps, with their own messages.
const PublishSchema = z.object({ snapshot: z.unknown() });
/** 500 panels with captions and balloons stay well under this; images go up on their own. */
const MAX_BYTES = 4 * 1024 * 1024;

/** Publishes version N+1 of a share; its images were put first (`PUT /api/reviews/images/<hash>`). */
export async function POST(request: Request, { params }: { params: Promise<{ shareId: string }> }) {
  const { shareId } = await params;
  const config = getServerConfig();
  return authorRoute(request, config, async () => {
    const { snapshot } = await readJson(request, config, PublishSchema, { maxBytes: MAX_BYTES, shape: "{ snapshot }", hint: "Share the board in parts." });
    const store = await getReviewStore(config);
    const { number } = await store.publishVersion(shareId, snapshot, new Map());
    return Response.json({ number }, { status: 201, headers: noStore });
  });
}
