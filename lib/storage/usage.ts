import "client-only";
/**
 * How much of its quota this site uses. Null where the browser does not say (insecure origins,
 * older browsers) or refuses to: callers show nothing rather than a guess.
 */
export async function storageUsage(): Promise<{ usage: number; quota: number } | null> {
  if (typeof navigator === "undefined" || typeof navigator.storage?.estimate !== "function") return null;
  try {
    const { usage, quota } = await navigator.storage.estimate();
    return usage === undefined || !quota ? null : { usage, quota };
  } catch {
    return null;
  }
}
