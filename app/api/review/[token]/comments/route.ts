import * as z from "@/lib/zod";
import { clientAddress } from "@/lib/server/client-address";
import { getServerConfig } from "@/lib/server/config";
import { answer, limitCommentByClient, limitCommentByLink, openLink } from "@/lib/server/review/review-api";
import { noStore, readJson } from "@/lib/server/review/route-helpers";

export const dynamic = "force-dynamic";

// Loose on lengths: the store refuses a long comment or name with its own code and message.
const CommentSchema = z.object({
  version: z.int().check(z.positive()),
  panelId: z.string().check(z.minLength(1), z.maxLength(100)),
  name: z.string().check(z.maxLength(1000)),
  body: z.string().check(z.maxLength(20_000)),
});

/** A reviewer's comment on one panel of one version: plain text, rate-limited per client and per link. */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const config = getServerConfig();
  return answer(async () => {
    const input = await readJson(request, config, CommentSchema, { maxBytes: 64 * 1024, shape: "{ version, panelId, name, body }", hint: "A comment holds at most 2000 characters." });
    await limitCommentByClient(config, clientAddress(request.headers));
    const { share, store } = await openLink(config, token);
    await limitCommentByLink(config, share.id);
    const comment = await store.addComment({ shareId: share.id, versionNumber: input.version, panelId: input.panelId, authorName: input.name, body: input.body });
    const { id, panelId, authorName, body, createdAt, versionNumber, resolvedAt, parentId, fromAuthor } = comment;
    return Response.json({ id, panelId, authorName, body, createdAt, versionNumber, resolvedAt, parentId, fromAuthor }, { status: 201, headers: noStore });
  });
}
