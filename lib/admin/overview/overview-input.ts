// The overview's one input, the period. It comes from the URL (?days=7|30|90), so it arrives as a string
// and anything else must become a clear message, never a database error. Shared by the page (to fall
// back to the default with a notice) and lib (to validate).
import { z } from "zod";

export const OVERVIEW_PERIODS = [7, 30, 90] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];
export const DEFAULT_PERIOD: OverviewPeriod = 30;
export const PERIOD_MESSAGE = "The period is 7, 30 or 90 days.";

export const overviewInput = z.object({
  days: z.preprocess(
    // "?days=" and a missing parameter both mean the default; " 7 " is 7; everything else is checked as is.
    (value) => {
      if (value === "" || value === null) return undefined;
      if (typeof value === "string" && /^\s*\d{1,6}\s*$/.test(value)) return Number(value);
      return value;
    },
    z.literal(OVERVIEW_PERIODS, { error: PERIOD_MESSAGE }).default(DEFAULT_PERIOD),
  ),
});
export type OverviewInput = z.infer<typeof overviewInput>;
