import { niceStep } from "../overview/chart-math";

/**
 * Ticks from 0 to the first nice step at or above `max`, fractions allowed (a day can cost $0.03; the
 * overview's niceTicks is for counts and never goes below 1).
 */
export function fractionalTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const step = niceStep(max / count);
  const steps = Math.max(1, Math.ceil(max / step - 1e-9));
  // Multiplied, not added up, so that 0.1 + 0.2 never shows as 0.30000000000000004.
  return Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}
