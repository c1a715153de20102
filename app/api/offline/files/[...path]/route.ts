import { clientAddress } from "@/lib/server/client-address";
import { getServerConfig } from "@/lib/server/config";
import { offlineBase } from "@/lib/server/proxy";
import { getServices } from "@/lib/server/services";

export const dynamic = "force-dynamic";

/** The in-app offline engine's file store: signed uploads in, draft panels and references out. */
async function handleFiles(request: Request): Promise<Response> {
  const config = getServerConfig();
  return getServices(config).engine.handle(request, offlineBase(config), { client: clientAddress(request.headers) });
}

export const GET = handleFiles;
export const HEAD = handleFiles;
export const PUT = handleFiles;
export const OPTIONS = handleFiles;
