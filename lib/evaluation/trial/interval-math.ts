// The live trial's statistics, as pure functions: the 95 % Wilson score interval of a proportion,
// Newcombe's hybrid score interval of the difference of two independent proportions (his method 10,
// built from the two Wilson intervals), and what "significant" means for each. Wilson rather than the
// normal approximation because trial counts are small and rates sit near 0 or 1, where the normal
// interval leaves [0, 1] or collapses to a point.

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

export type Interval = { estimate: number; low: number; high: number };

/**
 * Wilson score interval for `successes` out of `n`. With n = 0 nothing is known: the estimate is NaN
 * and the interval is the whole [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z: number = Z95): Interval {
  if (n <= 0) return { estimate: Number.NaN, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Rounding can push an end a hair past its bound when p is 0 or 1.
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Newcombe's interval (method 10) for p1 − p2, where p1 = x1/n1 and p2 = x2/n2 are independent.
 * Either side empty: the difference is unknown, NaN within [−1, 1].
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z: number = Z95,
): Interval {
  if (n1 <= 0 || n2 <= 0) return { estimate: Number.NaN, low: -1, high: 1 };
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  const p1 = a.estimate;
  const p2 = b.estimate;
  const d = p1 - p2;
  const low = d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2);
  const high = d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2);
  return { estimate: d, low: Math.max(-1, low), high: Math.min(1, high) };
}

/** The candidate wins more often than not, or less, with 95 % confidence: its interval excludes ½. */
export function winRateSignificant(interval: Interval): boolean {
  return interval.low > 0.5 || interval.high < 0.5;
}

/** The two positive-rating rates differ with 95 % confidence: the difference's interval excludes 0. */
export function differenceSignificant(interval: Interval): boolean {
  return interval.low > 0 || interval.high < 0;
}
