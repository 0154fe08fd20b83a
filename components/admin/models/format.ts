/** "$0.50" per 1M tokens, or "—" when unknown. */
export function formatPrice(value: number | null): string {
  if (value === null) return "—";
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
}

/** "128k" tokens. */
export function formatTokens(value: number | null): string {
  if (value === null) return "—";
  if (value >= 1_000_000) return `${+(value / 1_000_000).toFixed(2)}M`;
  if (value >= 1_000) return `${+(value / 1_000).toFixed(1)}k`;
  return String(value);
}

/** A form field's text for a number that may be unset. */
export function numberText(value: number | null): string {
  return value === null ? "" : String(value);
}
