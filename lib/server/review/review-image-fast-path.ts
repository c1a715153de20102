import "server-only";
import type { ServerConfig } from "../config";
import type { RequestInterceptor } from "../socket-hook";
import { reviewImage, REVIEW_IMAGE_HEADERS } from "./review-api";

const IMAGE_PATH = /^\/api\/review\/([A-Za-z0-9_-]{1,200})\/images\/([0-9a-f]{64})$/;

/**
 * Review images answered at the socket. They are most of what a review page asks for (a reviewer
 * scrolling a 60-shot board asks for 60), and through Next.js's router each cost more than the
 * token check and the bytes together: 200 reviewers arriving at once queued behind them. The image
 * route (`app/api/review/[token]/images/[hash]`) stays the one that refuses: anything this cannot
 * serve as a plain 200 (an unknown link or image, storage down, a conditional or odd request) is
 * handed to it unchanged.
 */
export function reviewImageFastPath(config: ServerConfig, everyResponse: Record<string, string>): RequestInterceptor {
  return (request, response, toNext) => {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    const match = IMAGE_PATH.exec(request.url ?? "");
    if (!match) return false;
    reviewImage(config, match[1]!, match[2]!).then(
      (image) => {
        if (!image) return toNext();
        response.writeHead(200, { ...everyResponse, ...REVIEW_IMAGE_HEADERS, "content-type": image.type, "content-length": String(image.bytes.byteLength) });
        response.end(request.method === "HEAD" ? undefined : image.bytes);
      },
      () => toNext(),
    );
    return true;
  };
}
