// How token counts and costs read in the browser (the answer's details popover, the composer).

const integer = new Intl.NumberFormat("en-US");

export function formatTokens(value: number | null): string {
  return value === null ? "—" : integer.format(value);
}

/** "$0.0012"; "<$0.0001" for a cost too small to show; "$0" for a free model; "—" when unknown. */
export function formatCost(usd: number | null): string {
  if (usd === null) return "—";
  if (usd === 0) return "$0";
  if (usd < 0.0001) return "<$0.0001";
  // Four decimals for small sums (answers cost fractions of a cent), two from a dollar on.
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
