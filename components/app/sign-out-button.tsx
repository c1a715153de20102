"use client";
import { LogOut } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { signOut } from "@/lib/session/sign-out";

/** Shown when the server asks for an access token: ends the session on this browser. */
export function SignOutButton() {
  const run = () => signOut().catch((error: unknown) => toast.error(error instanceof Error ? error.message : String(error)));
  return (
    <Button variant="ghost" size="icon" aria-label="Sign out" title="Sign out" onClick={() => void run()}>
      <LogOut aria-hidden className="size-4" />
    </Button>
  );
}
