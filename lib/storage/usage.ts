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

const UNITS = ["B", "kB", "MB", "GB", "TB"] as const;

/** "8.4 MB": 1000-based like the browser's and the system's own storage figures, so they agree. */
export function formatBytes(n: number): string {
  let value = Number.isFinite(n) ? Math.max(0, n) : 0;
  let unit = 0;
  // Step up before rounding would print "1000 kB".
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 99.95 ? 0 : 1;
  const text = value.toFixed(digits).replace(/\.0$/, "");
  return `${text} ${UNITS[unit]}`;
}
