// The budget month is the UTC calendar month. Pure helpers shared by the budget check, Settings → Usage
// and the admin page, so that every place names the same month and the same reset date.

export type BudgetUnit = "usd" | "tokens";

/** First day of `date`'s UTC month, YYYY-MM-DD. */
export function monthStart(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

/** First day of the UTC month after `date`'s: when this month's budget resets. */
export function nextMonthStart(date: Date): string {
  return monthStart(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)));
}

const longDate = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "2027-01-01" → "1 January 2027". */
export function formatResetDate(day: string): string {
  return longDate.format(new Date(`${day}T00:00:00Z`));
}

const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "$5.00", "$0.0025", "10,000 tokens". */
export function formatBudgetAmount(unit: BudgetUnit, amount: number): string {
  return unit === "usd" ? usd.format(amount) : `${count.format(amount)} tokens`;
}

/** The chat's (and later the API's) refusal when the month's budget is used up. */
export function budgetReachedMessage(unit: BudgetUnit, limit: number, resetsOn: string): string {
  return `You have reached this month's limit of ${formatBudgetAmount(unit, limit)}. It resets on ${formatResetDate(resetsOn)}.`;
}
