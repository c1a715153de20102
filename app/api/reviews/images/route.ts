import * as z from "@/lib/zod";
import { getServerConfig } from "@/lib/server/config";
import { getReviewStore } from "@/lib/server/review/review-services";
import { authorRoute, noStore, readJson } from "@/lib/server/review/route-helpers";
import { IMAGE_HASH, SNAPSHOT_LIMITS } from "@/lib/server/review/snapshot-schema";

export const dynamic = "force-dynamic";

const MissingSchema = z.object({ hashes: z.array(z.string().check(z.regex(IMAGE_HASH))).check(z.maxLength(SNAPSHOT_LIMITS.panels)) });

/** Which of a board's images the store lacks: republishing uploads only those. */
export async function POST(request: Request) {
  const config = getServerConfig();
  return authorRoute(request, config, async () => {
    const { hashes } = await readJson(request, config, MissingSchema, { maxBytes: 64 * 1024, shape: "{ hashes: [sha256, …] }" });
    const store = await getReviewStore(config);
    return Response.json({ missing: await store.missingImages(hashes) }, { headers: noStore });
  });
}
