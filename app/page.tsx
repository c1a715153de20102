import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ModeBadge } from "@/components/shell/mode-badge";
import { hasAccess } from "@/lib/server/access";
import { appMode, getServerConfig } from "@/lib/server/config";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const config = getServerConfig();
  if (!hasAccess(await headers(), config)) redirect("/sign-in");
  const mode = appMode(config);
  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col justify-center gap-8 px-6 py-16">
      <header className="flex flex-col gap-3">
        <p className="text-sm font-medium tracking-wide text-accent uppercase">Castboard</p>
        <h1 className="text-4xl font-semibold tracking-tight text-balance">
          Storyboards whose characters stay the same from panel to panel.
        </h1>
        <p className="max-w-prose text-lg text-muted">
          Upload a character, mark it with a mask, write your scenes, and lay the panels out on a board.
        </p>
      </header>
      <ModeBadge mode={mode} />
      <p className="text-sm text-muted">
        Setting up a key, an access token or a spend cap?{" "}
        <Link className="font-medium text-ink underline underline-offset-4" href="/setup">
          Read the setup guide
        </Link>
        .
      </p>
    </main>
  );
}
