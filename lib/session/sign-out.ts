"use client";
import "client-only";
import { writer } from "../state/sync";

/** Where the browser goes after signing out. */
const SIGNED_OUT_PATH = "/sign-in?signed-out=1";

/**
 * Ends this browser's session on the server (revoked at once, cookie cleared). Pending saves are
 * written first, and the sign-in page is a full page load, so generations in flight stop polling
 * (a 401 would otherwise clear a request fal already accepted) and resume after signing in again.
 */
export async function signOut(): Promise<void> {
  await writer.flush();
  const response = await fetch("/api/session", { method: "DELETE" });
  if (!response.ok) throw new Error(`Signing out failed (HTTP ${response.status}). Try again.`);
  window.location.replace(new URL(SIGNED_OUT_PATH, window.location.href).href);
}
