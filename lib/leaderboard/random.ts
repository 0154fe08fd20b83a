// The bootstrap's randomness: a small seeded generator, so that the same comparisons always give the
// same intervals (the page is stable between loads and instances), and an exact multinomial sampler,
// so that a resample of a million comparisons costs a few hundred draws instead of a million.

/** Uniform numbers in [0, 1) from a 32-bit seed (mulberry32: tiny, fast, and good enough here). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// log(k!) exactly (as a sum) for small k, Stirling's series beyond, where it is accurate to ~1e-15.
const SMALL = 64;
const LOG_FACTORIALS: number[] = [0];
for (let k = 1; k < SMALL; k++) LOG_FACTORIALS.push(LOG_FACTORIALS[k - 1]! + Math.log(k));

export function logFactorial(k: number): number {
  if (k < SMALL) return LOG_FACTORIALS[k]!;
  const x = k + 1;
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (
    (x - 0.5) * Math.log(x) -
    x +
    0.5 * Math.log(2 * Math.PI) +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260))
  );
}

/** Small means: inversion, walking the distribution from 0 (expected n·p + 1 steps). */
function binomialInversion(n: number, p: number, random: () => number): number {
  const q = 1 - p;
  const start = Math.exp(n * Math.log(q));
  const bound = Math.min(n, n * p + 10 * Math.sqrt(n * p * q + 1));
  let x = 0;
  let px = start;
  let u = random();
  while (u > px) {
    x++;
    if (x > bound) {
      // Rounding left u above the whole (truncated) mass: start over, as numpy does.
      x = 0;
      px = start;
      u = random();
    } else {
      u -= px;
      px = ((n - x + 1) * p * px) / (x * q);
    }
  }
  return x;
}

/** Larger means: Hörmann's BTRS (transformed rejection with squeeze, 1993), O(1) expected. */
function binomialBtrs(n: number, p: number, random: () => number): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / (1 - p));
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const lv = Math.log((v * alpha) / (a / (us * us) + b));
    if (lv <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/** An exact Binomial(n, p) draw. */
export function binomial(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, random);
  return n * p < 10 ? binomialInversion(n, p, random) : binomialBtrs(n, p, random);
}

/**
 * An exact multinomial draw of `total` items over cells weighted by `counts` (each cell's share is its
 * count over the sum): one binomial per cell, conditioned on what the earlier cells took. This is what
 * drawing `total` items one by one would give, at the cost of one draw per cell.
 */
export function multinomial(total: number, counts: readonly number[], random: () => number): number[] {
  let rest = counts.reduce((sum, count) => sum + count, 0);
  let left = total;
  return counts.map((count, i) => {
    if (left === 0 || count === 0) {
      rest -= count;
      return 0;
    }
    const taken = i === counts.length - 1 || count >= rest ? left : binomial(left, count / rest, random);
    rest -= count;
    left -= taken;
    return taken;
  });
}
