import * as z from "@/lib/zod";
import { getServerConfig } from "@/lib/server/config";
import { getReviewStore } from "@/lib/server/review/review-services";
import { authorRoute, noStore, readJson } from "@/lib/server/review/route-helpers";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ shareId: string; commentId: string }> };
// Loose on lengths: the store refuses a long reply or name with its own code and message.
const ReplySchema = z.object({ name: z.string().check(z.maxLength(1000)), body: z.string().check(z.maxLength(20_000)) });
const ResolveSchema = z.object({ resolved: z.boolean() });

/** The author's reply, in the comment's thread. */
export async function POST(request: Request, { params }: Params) {
  const { shareId, commentId } = await params;
  const config = getServerConfig();
  return authorRoute(request, config, async () => {
    const input = await readJson(request, config, ReplySchema, { maxBytes: 64 * 1024, shape: "{ name, body }", hint: "A reply holds at most 2000 characters." });
    const store = await getReviewStore(config);
    const reply = await store.reply({ shareId, commentId, authorName: input.name, body: input.body });
    return Response.json(reply, { status: 201, headers: noStore });
  });
}

/** Marks a comment resolved, or open again. */
export async function PATCH(request: Request, { params }: Params) {
  const { shareId, commentId } = await params;
  const config = getServerConfig();
  return authorRoute(request, config, async () => {
    const { resolved } = await readJson(request, config, ResolveSchema, { maxBytes: 1024, shape: "{ resolved: true | false }" });
    const store = await getReviewStore(config);
    return Response.json(await store.setResolved(shareId, commentId, resolved), { headers: noStore });
  });
}
