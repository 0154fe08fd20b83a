// How Admin → Usage and Settings → Usage write money and tokens.

const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** 0.0123 → "$0.0123", 12 → "$12.00". */
export function formatUsd(value: number): string {
  return usd.format(value);
}

export function formatTokens(value: number): string {
  return count.format(value);
}

/** Axis labels: 1200000 → "1.2M". */
export function formatCompact(value: number): string {
  return compact.format(value);
}
