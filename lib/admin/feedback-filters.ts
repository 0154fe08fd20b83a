// The feedback list's filters: parsed from the URL (so a filtered view can be shared and the back
// button works), validated with zod, and turned into SQL conditions. Shared by the list, the detail
// page's next/previous, and the benchmark.
import { z } from "zod";
import { userText } from "../validation/user-text";
import { BAD_REASONS, GOOD_REASONS } from "../feedback/reasons";
import { listCursorInput as cursor, type ListCursor } from "../pagination/list-cursor";
import { dayInput as day } from "../validation/day-input";

const reasonKeys = [...new Set([...Object.keys(BAD_REASONS), ...Object.keys(GOOD_REASONS)])] as [
  string,
  ...string[],
];

export const feedbackFiltersInput = z.object({
  rating: z.enum(["up", "down"], "Rating is up or down.").optional(),
  reason: z.enum(reasonKeys, "Unknown reason.").optional(),
  model: userText().trim().min(1).max(200, "Model ids are at most 200 characters.").optional(),
  from: day.optional(),
  to: day.optional(),
  user: z.uuid("Unknown user.").optional(),
  hasComment: z.enum(["1"]).optional(),
  status: z.enum(["pending", "reviewed", "excluded"], "Unknown review status.").optional(),
  /** The rated conversation's source: the chat, an API call, a playground run. Absent: all. */
  source: z.enum(["chat", "api", "playground"], "Unknown source.").optional(),
  q: userText().trim().min(1).max(200, "Search is at most 200 characters.").optional(),
  after: cursor.optional(),
  before: cursor.optional(),
});
export type FeedbackFilters = z.infer<typeof feedbackFiltersInput>;
export type FeedbackCursor = ListCursor;

export const FILTER_KEYS = [
  "rating",
  "reason",
  "model",
  "from",
  "to",
  "user",
  "hasComment",
  "status",
  "source",
  "q",
] as const;

/** The query string of a filtered view (without the page position), for links that keep the filter. */
export function filterQuery(filters: Partial<Record<(typeof FILTER_KEYS)[number], string>>): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** "database prompt" → "database & prompt:*": every word must match, the last one as a prefix. */
export function toTsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 8) ?? [];
  if (words.length === 0) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ");
}
