import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { CastboardApp } from "@/components/app/castboard-app";
import { isAppError } from "@/lib/errors";
import { clientAddress } from "@/lib/server/client-address";
import { appMode, getServerConfig } from "@/lib/server/config";
import { getServices } from "@/lib/server/services";
import { authorize } from "@/lib/server/sign-in-guard";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const config = getServerConfig();
  const requestHeaders = await headers();
  try {
    await authorize(requestHeaders, clientAddress(requestHeaders), config, getServices(config).signIn);
  } catch (error) {
    if (isAppError(error)) redirect(error.code === "rate_limited" ? "/sign-in?error=locked" : "/sign-in");
    throw error;
  }
  return <CastboardApp mode={appMode(config)} signedIn={!!config.accessToken} />;
}
