/**
 * The middle of the samples: for an even count the upper of the two middle values, a value that
 * was measured rather than an average of two. NaN when there are none, so a missing measurement
 * shows in the report instead of reading as 0 ms.
 */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
}

/** The arithmetic mean, rounded to a whole number (byte sizes in the report). */
export function meanRounded(values: readonly number[]): number {
  return Math.round(values.reduce((a, b) => a + b, 0) / values.length);
}
