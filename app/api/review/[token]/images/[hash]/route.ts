import { AppError } from "@/lib/errors";
import { getServerConfig } from "@/lib/server/config";
import { answer, openLink } from "@/lib/server/review/review-api";
import { IMAGE_HASH } from "@/lib/server/review/snapshot-schema";

export const dynamic = "force-dynamic";

const notShown = () => new AppError("not_found", "This image is not part of this review.");

/**
 * An image of this link's board, and only of it. Named by its content hash, so it never changes:
 * cached for a day privately (a revoked link's images stop loading once the cache lets go).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string; hash: string }> }) {
  const { token, hash } = await params;
  return answer(async () => {
    if (!IMAGE_HASH.test(hash)) throw notShown();
    const { share, store } = await openLink(getServerConfig(), token);
    const image = await store.imageOfShare(share.id, hash);
    if (!image) throw notShown();
    return new Response(Buffer.from(image.bytes), {
      headers: { "content-type": image.type, "content-length": String(image.bytes.byteLength), "cache-control": "private, max-age=86400, immutable", "x-content-type-options": "nosniff" },
    });
  });
}
