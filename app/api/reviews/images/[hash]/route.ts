import { AppError } from "@/lib/errors";
import { getServerConfig } from "@/lib/server/config";
import { isImageType } from "@/lib/server/objects/object-store";
import { readBodyBytes } from "@/lib/server/read-capped";
import { getReviewStore } from "@/lib/server/review/review-services";
import { authorRoute, noStore } from "@/lib/server/review/route-helpers";
import { IMAGE_HASH, SNAPSHOT_LIMITS } from "@/lib/server/review/snapshot-schema";

export const dynamic = "force-dynamic";

/** One image of a board going up, named by the SHA-256 of its bytes (checked), before the publish. */
export async function PUT(request: Request, { params }: { params: Promise<{ hash: string }> }) {
  const { hash } = await params;
  const config = getServerConfig();
  return authorRoute(request, config, async () => {
    if (!IMAGE_HASH.test(hash)) throw new AppError("bad_request", "Name the image by the SHA-256 of its bytes: 64 lowercase hex digits.");
    const type = request.headers.get("content-type")?.split(";")[0]?.trim();
    if (!isImageType(type)) throw new AppError("unsupported_media_type", `Images are published as PNG, JPEG or WebP, not "${(type ?? "none").slice(0, 40)}".`);
    const bytes = await readBodyBytes(request, config, { maxBytes: SNAPSHOT_LIMITS.imageBytes, hint: "Publish images at display size." });
    const store = await getReviewStore(config);
    const { stored } = await store.putImage(hash, bytes, type);
    return new Response(null, { status: stored ? 201 : 200, headers: noStore });
  });
}
