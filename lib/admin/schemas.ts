// Inputs of the admin console's lists and actions. List inputs come from the URL (filters are links:
// shareable, and the back button works), so every field arrives as a string and nonsense must become
// a clear VALIDATION message, never a database error.
import { z } from "zod";
import { pageInput as page } from "../pagination/list-cursor";
import { dayInput } from "../validation/day-input";
import { userText } from "../validation/user-text";

/** Longest free-text filter: enough for any real search, short enough to keep queries cheap. */
export const MAX_SEARCH = 200;

const search = userText()
  .trim()
  .max(MAX_SEARCH, `Search is at most ${MAX_SEARCH} characters.`)
  .optional()
  .transform((value) => value || undefined);

// --- Users ---------------------------------------------------------------------------------------

export const listUsersInput = z.object({ q: search, ...page });
export const setUserRoleInput = z.object({ userId: z.uuid(), role: z.enum(["USER", "ADMIN"]) });
export const setUserDisabledInput = z.object({ userId: z.uuid(), disabled: z.boolean() });
export const deleteUserInput = z.object({
  userId: z.uuid(),
  /** The target's email, typed by the admin: a deletion cannot happen by a stray click. */
  confirmation: z.string().trim().max(320).toLowerCase(),
});

// --- Comparisons ---------------------------------------------------------------------------------

export const COMPARISON_FILTER_KEYS = ["model", "from", "to", "user", "source", "outcome", "q"] as const;

export const listComparisonsInput = z.object({
  model: userText()
    .trim()
    .max(200, "Model ids are at most 200 characters.")
    .optional()
    .transform((value) => value || undefined),
  from: dayInput.optional(),
  to: dayInput.optional(),
  user: z.uuid("Unknown user.").optional(),
  source: z
    .enum(["explicit", "ratings", "arena", "evaluation"], "Source is explicit, ratings, arena or evaluation.")
    .optional(),
  outcome: z.enum(["preferred", "tie", "both-bad"], "Outcome is preferred, tie or both bad.").optional(),
  q: search,
  ...page,
});
export type ComparisonFilters = z.infer<typeof listComparisonsInput>;
