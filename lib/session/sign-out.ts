"use client";

/** Where the browser goes after signing out. */
export const SIGNED_OUT_PATH = "/sign-in?signed-out=1";

/** Ends this browser's session on the server: revoked at once and its cookie cleared. */
export async function signOut(): Promise<void> {
  const response = await fetch("/api/session", { method: "DELETE" });
  if (!response.ok) throw new Error(`Signing out failed (HTTP ${response.status}). Try again.`);
}
