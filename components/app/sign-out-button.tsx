"use client";
import { LogOut } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { signOut } from "@/lib/session/sign-out";
import { useCastboard } from "@/lib/state/store";

/** Shown when the server asks for an access token: ends the session on this browser. */
export function SignOutButton() {
  // Server-rendered, so it is visible before React attaches its handler; a click then would be lost.
  // It waits for the project to load, which also means pending saves can be flushed before leaving.
  const ready = useCastboard((s) => s.hydrated);
  const run = () => signOut().catch((error: unknown) => toast.error(error instanceof Error ? error.message : String(error)));
  return (
    <Button variant="ghost" size="icon" aria-label="Sign out" title="Sign out" disabled={!ready} onClick={() => void run()}>
      <LogOut aria-hidden className="size-4" />
    </Button>
  );
}
