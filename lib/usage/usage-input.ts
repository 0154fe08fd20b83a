// Admin → Usage's filters. They come from the URL (shareable, the back button works), so every field
// arrives as a string; nonsense becomes a field message, never a database error. Shared by the page,
// the CSV download and lib.
import { z } from "zod";
import { dayInput } from "../validation/day-input";
import { userText } from "../validation/user-text";

export const USAGE_PRESETS = [7, 30, 90, 365] as const;
export type UsagePreset = (typeof USAGE_PRESETS)[number];
export const DEFAULT_USAGE_DAYS: UsagePreset = 30;
/** The longest custom period: a year, leap day included. Keeps every query to one year of rollup rows. */
export const MAX_USAGE_DAYS = 366;

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

export const usageReportInput = z
  .object({
    days: z.preprocess(
      (value) => {
        const v = blank(value);
        return typeof v === "string" && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : v;
      },
      z.literal(USAGE_PRESETS, { error: "The period is 7, 30, 90 or 365 days." }).optional(),
    ),
    from: z.preprocess(blank, dayInput.optional()),
    to: z.preprocess(blank, dayInput.optional()),
    /** A user's id (links from the per-user table) or email (typed in the filter). */
    user: z.preprocess(blank, userText().trim().max(320, "That is not an email address.").optional()),
    model: z.preprocess(
      blank,
      userText().trim().max(200, "Model ids are at most 200 characters.").optional(),
    ),
  })
  .superRefine((input, ctx) => {
    if ((input.from === undefined) !== (input.to === undefined)) {
      const missing = input.from === undefined ? "from" : "to";
      ctx.addIssue({ code: "custom", path: [missing], message: "Give both the first and the last day." });
      return;
    }
    if (input.from && input.to) {
      if (input.from > input.to) {
        ctx.addIssue({ code: "custom", path: ["to"], message: "The last day is before the first." });
      } else if (daysInclusive(input.from, input.to) > MAX_USAGE_DAYS) {
        ctx.addIssue({
          code: "custom",
          path: ["to"],
          message: `A period is at most ${MAX_USAGE_DAYS} days.`,
        });
      }
    }
  });
export type UsageReportRequest = z.infer<typeof usageReportInput>;

const DAY_MS = 86_400_000;

export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The period asked for, as first and last UTC day (both included): custom days, a preset or the default. */
export function resolvePeriod(input: UsageReportRequest, today: string): { from: string; to: string } {
  if (input.from && input.to) return { from: input.from, to: input.to };
  const days = input.days ?? DEFAULT_USAGE_DAYS;
  return { from: addDays(today, -(days - 1)), to: today };
}
