// The leaderboard's filters. They come from the URL (filters are links: shareable, and the back button
// works), so every field arrives as a string, and nonsense becomes a clear VALIDATION message.
import { z } from "zod";
import { BAD_REASONS, GOOD_REASONS } from "../feedback/reasons";
import { userText } from "../validation/user-text";

export const PERIODS = { "7d": 7, "30d": 30, "90d": 90, all: null } as const;
export type Period = keyof typeof PERIODS;

/** "implied" is the comparisons implied by thumbs (source `ratings`); "evaluation", held-out replays' verdicts. */
export const SOURCES = ["all", "explicit", "arena", "implied", "evaluation"] as const;
export type SourceFilter = (typeof SOURCES)[number];

export const REASONS = [...new Set([...Object.keys(BAD_REASONS), ...Object.keys(GOOD_REASONS)])] as [
  string,
  ...string[],
];

export const MAX_TOPIC = 100;

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

export const leaderboardInput = z.object({
  period: z.preprocess(
    blankToUndefined,
    z.enum(["7d", "30d", "90d", "all"], "Period is 7d, 30d, 90d or all.").default("all"),
  ),
  source: z.preprocess(
    blankToUndefined,
    z.enum(SOURCES, "Source is all, explicit, arena, implied or evaluation.").default("all"),
  ),
  reason: z.preprocess(blankToUndefined, z.enum(REASONS, "Unknown reason.").optional()),
  topic: z.preprocess(
    blankToUndefined,
    userText()
      .trim()
      .max(MAX_TOPIC, `Topic is at most ${MAX_TOPIC} characters.`)
      .optional()
      .transform((value) => value || undefined),
  ),
});
export type LeaderboardFilters = z.infer<typeof leaderboardInput>;

export const LEADERBOARD_FILTER_KEYS = ["period", "source", "reason", "topic"] as const;
