import * as z from "@/lib/zod";
import { clientAddress } from "@/lib/server/client-address";
import { getServerConfig } from "@/lib/server/config";
import { answer, limitStatusByClient, openLink } from "@/lib/server/review/review-api";
import { noStore, readJson } from "@/lib/server/review/route-helpers";

export const dynamic = "force-dynamic";

const StatusSchema = z.object({
  version: z.int().check(z.positive()),
  panelId: z.string().check(z.minLength(1), z.maxLength(100)),
  name: z.string().check(z.maxLength(1000)),
  status: z.enum(["approved", "changes_requested"]),
});

/** A reviewer's status for one panel: Approved or Changes requested, replacing theirs. */
export async function PUT(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const config = getServerConfig();
  return answer(async () => {
    const input = await readJson(request, config, StatusSchema, { maxBytes: 4096, shape: '{ version, panelId, name, status: "approved" | "changes_requested" }' });
    await limitStatusByClient(config, clientAddress(request.headers));
    const { share, store } = await openLink(config, token);
    await store.setPanelStatus({ shareId: share.id, versionNumber: input.version, panelId: input.panelId, reviewerName: input.name, status: input.status });
    return new Response(null, { status: 204, headers: noStore });
  });
}
