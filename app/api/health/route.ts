import { appMode, getServerConfig } from "@/lib/server/config";
import { getServices } from "@/lib/server/services";

export const dynamic = "force-dynamic";

/**
 * `{ ok, mode, version, store }`. `store` says where the rate limit and spend ledger live
 * (`memory` or `redis`) and whether it answers; a Redis that does not answer is `degraded`, which
 * refuses spending calls but leaves the app up, so the answer stays 200 for load balancers.
 */
export async function GET() {
  const config = getServerConfig();
  const store = await getServices(config).store.health();
  return Response.json(
    { ok: true, mode: appMode(config), version: config.version, store },
    { headers: { "cache-control": "no-store" } },
  );
}
