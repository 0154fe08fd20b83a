// An evaluation's outcome in numbers: win rate with a 95 % Wilson interval. Pure.

export type Tally = { wins: number; losses: number; ties: number; bothBad: number };

export type WinRate = {
  /** wins / (wins + losses); null when there is no decisive verdict. Ties and "both bad" do not count. */
  rate: number | null;
  low: number | null;
  high: number | null;
  /** The interval excludes 50 %. */
  significant: boolean;
  /** "candidate" or "baseline" when significant, else null. */
  ahead: "candidate" | "baseline" | null;
};

const Z95 = 1.959963984540054;

/** Wilson score interval for `successes` out of `n`, at 95 %. */
export function wilson(successes: number, n: number): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const margin = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}

export function winRate(tally: Tally): WinRate {
  const decisive = tally.wins + tally.losses;
  const interval = wilson(tally.wins, decisive);
  if (!interval) return { rate: null, low: null, high: null, significant: false, ahead: null };
  const significant = interval.low > 0.5 || interval.high < 0.5;
  return {
    rate: tally.wins / decisive,
    ...interval,
    significant,
    ahead: significant ? (interval.low > 0.5 ? "candidate" : "baseline") : null,
  };
}
