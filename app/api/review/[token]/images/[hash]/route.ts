import { AppError } from "@/lib/errors";
import { getServerConfig } from "@/lib/server/config";
import { answer, REVIEW_IMAGE_HEADERS, reviewImage } from "@/lib/server/review/review-api";

export const dynamic = "force-dynamic";

/**
 * An image of this link's board, and only of it. Most are answered at the socket before they get
 * here (`lib/server/review/review-image-fast-path.ts`): this route gives every refusal.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string; hash: string }> }) {
  const { token, hash } = await params;
  return answer(async () => {
    const image = await reviewImage(getServerConfig(), token, hash);
    if (!image) throw new AppError("not_found", "This image is not part of this review.");
    return new Response(Buffer.from(image.bytes), { headers: { ...REVIEW_IMAGE_HEADERS, "content-type": image.type, "content-length": String(image.bytes.byteLength) } });
  });
}
