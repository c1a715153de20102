import { getServerConfig } from "@/lib/server/config";
import { OFFLINE_MOUNT, publicOrigin } from "@/lib/server/proxy";
import { getServices } from "@/lib/server/services";

export const dynamic = "force-dynamic";

/** The in-app offline engine's file store: signed uploads in, draft panels and references out. */
async function handleFiles(request: Request): Promise<Response> {
  const base = `${publicOrigin(request)}${OFFLINE_MOUNT}`;
  return getServices(getServerConfig()).engine.handle(request, base);
}

export const GET = handleFiles;
export const HEAD = handleFiles;
export const PUT = handleFiles;
export const OPTIONS = handleFiles;
