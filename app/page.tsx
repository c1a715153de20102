import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { CastboardApp } from "@/components/app/castboard-app";
import { hasAccess } from "@/lib/server/access";
import { appMode, getServerConfig } from "@/lib/server/config";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const config = getServerConfig();
  if (!hasAccess(await headers(), config)) redirect("/sign-in");
  return <CastboardApp mode={appMode(config)} />;
}
