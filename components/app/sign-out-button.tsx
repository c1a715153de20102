"use client";
import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { SIGNED_OUT_PATH, signOut } from "@/lib/session/sign-out";

/** Shown when the server asks for an access token: ends the session on this browser. */
export function SignOutButton() {
  const router = useRouter();
  const run = () =>
    signOut()
      .then(() => router.replace(SIGNED_OUT_PATH))
      .catch((error: unknown) => toast.error(error instanceof Error ? error.message : String(error)));
  return (
    <Button variant="ghost" size="icon" aria-label="Sign out" title="Sign out" onClick={() => void run()}>
      <LogOut aria-hidden className="size-4" />
    </Button>
  );
}
