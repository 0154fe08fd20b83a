// How the overview writes numbers, shares and days (instants: ../format-time.ts). Days are UTC (the
// overview's days are UTC days).

const integer = new Intl.NumberFormat("en-US");

export function formatCount(value: number): string {
  return integer.format(value);
}

/** 0.6324 → "63.2%"; null (nothing to divide by) → "—". */
export function formatPercent(value: number | null, digits = 1): string {
  return value === null ? "—" : `${(value * 100).toFixed(digits)}%`;
}

const shortDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

const atMidnight = (day: string) => new Date(`${day}T00:00:00Z`);

/** "2026-11-02" → "Nov 2". */
export function formatDayShort(day: string): string {
  return shortDay.format(atMidnight(day));
}

/** "2026-11-02" → "Nov 2, 2026". */
export function formatDay(day: string): string {
  return longDay.format(atMidnight(day));
}
