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

export const round = (v: number) => Math.round(v * 10) / 10;

export interface Distribution {
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  frames: number;
}

/** Median, 95th percentile and worst of per-frame (or per-run) timings, to a tenth of a millisecond. */
export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  return { medianMs: round(pick(0.5)), p95Ms: round(pick(0.95)), maxMs: round(sorted.at(-1) ?? NaN), frames: sorted.length };
}
