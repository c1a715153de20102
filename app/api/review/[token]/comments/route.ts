import * as z from "@/lib/zod";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/server/client-address";
import { getServerConfig } from "@/lib/server/config";
import { readBody } from "@/lib/server/read-capped";
import { answer, limitCommentByClient, limitCommentByLink, openLink } from "@/lib/server/review/review-api";
import { validationFailed } from "@/lib/server/review/review-inputs";

export const dynamic = "force-dynamic";

// Loose on lengths: the store refuses a long comment or name with its own code and message.
const CommentSchema = z.object({
  version: z.int().check(z.positive()),
  panelId: z.string().check(z.minLength(1), z.maxLength(100)),
  name: z.string().check(z.maxLength(1000)),
  body: z.string().check(z.maxLength(20_000)),
});
const MAX_BYTES = 64 * 1024;

/** A reviewer's comment on one panel of one version: plain text, rate-limited per client and per link. */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const config = getServerConfig();
  return answer(async () => {
    const raw = await readBody(request, config, { maxBytes: MAX_BYTES, hint: "A comment holds at most 2000 characters." });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new AppError("bad_request", "Send the comment as JSON: { version, panelId, name, body }.");
    }
    const parsed = z.safeParse(CommentSchema, json);
    if (!parsed.success) throw validationFailed(parsed.error);
    await limitCommentByClient(config, clientAddress(request.headers));
    const { share, store } = await openLink(config, token);
    await limitCommentByLink(config, share.id);
    const comment = await store.addComment({ shareId: share.id, versionNumber: parsed.data.version, panelId: parsed.data.panelId, authorName: parsed.data.name, body: parsed.data.body });
    const { id, panelId, authorName, body, createdAt, versionNumber } = comment;
    return Response.json({ id, panelId, authorName, body, createdAt, versionNumber }, { status: 201, headers: { "cache-control": "no-store" } });
  });
}
