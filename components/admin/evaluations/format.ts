/** USD for the evaluation pages: cents are too coarse for a few small model calls. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return "—";
  return `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

export function formatPercent(share: number | null): string {
  return share === null ? "—" : `${(share * 100).toFixed(1)} %`;
}
