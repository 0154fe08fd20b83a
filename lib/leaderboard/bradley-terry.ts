// The Bradley–Terry model: P(i beats j) = σ(θi − θj). Fitted by maximum likelihood with Newton's
// method on the aggregated counts (a handful of iterations to machine precision: the log-likelihood is
// concave, and its Hessian is a small K×K matrix whatever the number of comparisons).

/**
 * The comparisons of one unordered pair of models (indices i < j): `n` comparisons in all, of which i
 * won `wins` (a tie counts as half a win for each side, so `wins` may end in .5).
 */
export type PairCount = { i: number; j: number; n: number; wins: number };

export type Fit = { theta: number[]; iterations: number };

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
// log σ(x), without overflow for large |x|.
const logSigmoid = (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));

export function logLikelihood(pairs: readonly PairCount[], theta: readonly number[]): number {
  let sum = 0;
  for (const { i, j, n, wins } of pairs) {
    const d = theta[i]! - theta[j]!;
    sum += wins * logSigmoid(d) + (n - wins) * logSigmoid(-d);
  }
  return sum;
}

/** Solves a·x = b in place by Gaussian elimination with partial pivoting (a is small and dense). */
function solve(a: number[][], b: number[]): number[] {
  const k = b.length;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let row = col + 1; row < k; row++)
      if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    const top = a[col]!;
    for (let row = col + 1; row < k; row++) {
      const r = a[row]!;
      const factor = r[col]! / top[col]!;
      if (factor === 0) continue;
      for (let c = col; c < k; c++) r[c]! -= factor * top[c]!;
      b[row]! -= factor * b[col]!;
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let row = k - 1; row >= 0; row--) {
    let sum = b[row]!;
    for (let c = row + 1; c < k; c++) sum -= a[row]![c]! * x[c]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}

const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-12;

/**
 * The maximum-likelihood strengths of `k` models, centred on 0. The MLE exists only when the "won
 * against" graph is strongly connected (every model won and lost something, and no group of models
 * beat every other one): the caller checks that first (see connectivity.ts). Newton steps on the
 * log-likelihood, with a step-halving guard for far starting points.
 */
export function fitBradleyTerry(k: number, pairs: readonly PairCount[]): Fit {
  let theta = new Array<number>(k).fill(0);
  if (k < 2) return { theta, iterations: 0 };
  let current = logLikelihood(pairs, theta);
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    const gradient = new Array<number>(k).fill(0);
    // The negated Hessian plus the all-ones matrix: the Hessian alone is singular (adding a constant to
    // every θ changes nothing); with 11ᵀ added, the solution is the Newton step that keeps Σθ = 0.
    const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(1));
    for (const { i, j, n, wins } of pairs) {
      const p = sigmoid(theta[i]! - theta[j]!);
      const g = wins - n * p;
      const w = n * p * (1 - p);
      gradient[i]! += g;
      gradient[j]! -= g;
      matrix[i]![i]! += w;
      matrix[j]![j]! += w;
      matrix[i]![j]! -= w;
      matrix[j]![i]! -= w;
    }
    const step = solve(matrix, [...gradient]);
    let scale = 1;
    let next = theta.map((value, i) => value + step[i]!);
    let value = logLikelihood(pairs, next);
    while (value < current - 1e-12 * Math.abs(current) && scale > 1e-6) {
      scale /= 2;
      next = theta.map((v, i) => v + scale * step[i]!);
      value = logLikelihood(pairs, next);
    }
    const moved = Math.max(...step.map((s) => Math.abs(s * scale)));
    theta = next;
    current = value;
    if (moved < TOLERANCE) return { theta: centred(theta), iterations: iteration };
  }
  return { theta: centred(theta), iterations: MAX_ITERATIONS };
}

function centred(theta: number[]): number[] {
  const mean = theta.reduce((sum, value) => sum + value, 0) / theta.length;
  return theta.map((value) => value - mean);
}

/** 400·log10(e): a 400-point gap means odds of 10 to 1, as in chess Elo. */
export const ELO_SCALE = 400 / Math.LN10;
export const ELO_BASE = 1000;

/** Strengths centred on their mean, on the Elo-like scale (1000 = the average model). */
export function toRatings(theta: readonly number[]): number[] {
  const mean = theta.reduce((sum, value) => sum + value, 0) / theta.length;
  return theta.map((value) => ELO_BASE + ELO_SCALE * (value - mean));
}
