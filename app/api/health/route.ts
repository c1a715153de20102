import { appMode, getServerConfig } from "@/lib/server/config";

export const dynamic = "force-dynamic";

export async function GET() {
  const config = getServerConfig();
  return Response.json(
    { ok: true, mode: appMode(config), version: config.version },
    { headers: { "cache-control": "no-store" } },
  );
}
