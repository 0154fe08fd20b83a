import type { Interval } from "@/lib/evaluation/trial/interval-math";

/** A rate as a percentage with one decimal; "—" when nothing is known (no votes). */
export function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : "—";
}

/** "[41.2 %, 63.0 %]": a 95 % interval as the page shows it. */
export function interval(range: Interval): string {
  return Number.isFinite(range.estimate) ? `${percent(range.low)} – ${percent(range.high)}` : "—";
}

/** A difference of rates in percentage points, signed. */
export function points(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return `${sign}${Math.abs(value * 100).toFixed(1)} pts`;
}
