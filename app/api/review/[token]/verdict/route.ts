import * as z from "@/lib/zod";
import { clientAddress } from "@/lib/server/client-address";
import { getServerConfig } from "@/lib/server/config";
import { answer, limitStatusByClient, openLink } from "@/lib/server/review/review-api";
import { noStore, readJson } from "@/lib/server/review/route-helpers";

export const dynamic = "force-dynamic";

const VerdictSchema = z.object({
  version: z.int().check(z.positive()),
  name: z.string().check(z.maxLength(1000)),
  verdict: z.enum(["approved", "changes_requested"]),
});

/** A reviewer's verdict on the whole board, replacing theirs. */
export async function PUT(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const config = getServerConfig();
  return answer(async () => {
    const input = await readJson(request, config, VerdictSchema, { maxBytes: 4096, shape: '{ version, name, verdict: "approved" | "changes_requested" }' });
    await limitStatusByClient(config, clientAddress(request.headers));
    const { share, store } = await openLink(config, token);
    await store.setVerdict({ shareId: share.id, versionNumber: input.version, reviewerName: input.name, verdict: input.verdict });
    return new Response(null, { status: 204, headers: noStore });
  });
}
