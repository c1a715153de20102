const UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/**
 * Sizes for people: "40 KB", "8.4 MB", "500 MB". 1000-based, because the limits users meet are
 * (fal's 10 MB, the browser's and the system's own storage figures), so a 10,000,000-byte limit
 * reads "10 MB" and not "9.5 MB". One decimal only while it tells something (below 100).
 */
export function formatBytes(n: number): string {
  let value = Number.isFinite(n) ? Math.max(0, n) : 0;
  let unit = 0;
  // Step up before rounding would print "1000 KB".
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 99.95 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, "")} ${UNITS[unit]}`;
}
