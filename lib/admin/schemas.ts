// Inputs of the admin console's lists and actions. List inputs come from the URL (filters are links:
// shareable, and the back button works), so every field arrives as a string and nonsense must become
// a clear VALIDATION message, never a database error.
import { z } from "zod";
import type { AuditAction } from "./audit";

/** Longest free-text filter: enough for any real search, short enough to keep queries cheap. */
export const MAX_SEARCH = 200;

const search = z
  .string()
  .trim()
  .max(MAX_SEARCH, `Search is at most ${MAX_SEARCH} characters.`)
  .optional()
  .transform((value) => value || undefined);

/** A position in a newest-first list: a row's (createdAt, id) as "<ISO time>_<uuid>". */
export type ListCursor = { createdAt: Date; id: string };

export function encodeCursor(row: ListCursor): string {
  return `${row.createdAt.toISOString()}_${row.id}`;
}

export const listCursorInput = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    "That page link is not valid.",
  )
  .transform((value) => {
    const [at, id] = value.split("_") as [string, string];
    return { createdAt: new Date(at), id: id.toLowerCase() };
  })
  // Year 1 onwards, like PostgreSQL's timestamps (JavaScript also accepts year 0).
  .refine((value) => value.createdAt.getUTCFullYear() >= 1, "That page link is not valid.");

// Checked by round trip: Date.parse accepts 2026-02-31 (as 3 March) and year 0, PostgreSQL rejects both.
export const dayInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are written YYYY-MM-DD.")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return (
      !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.toISOString().startsWith(value)
    );
  }, "That date does not exist.");

const page = {
  after: listCursorInput.optional(),
  before: listCursorInput.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};

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
  model: z
    .string()
    .trim()
    .max(200, "Model ids are at most 200 characters.")
    .optional()
    .transform((value) => value || undefined),
  from: dayInput.optional(),
  to: dayInput.optional(),
  user: z.uuid("Unknown user.").optional(),
  source: z.enum(["explicit", "ratings"], "Source is explicit or ratings.").optional(),
  outcome: z.enum(["preferred", "tie"], "Outcome is preferred or tie.").optional(),
  q: search,
  ...page,
});
export type ComparisonFilters = z.infer<typeof listComparisonsInput>;

// --- Audit log -----------------------------------------------------------------------------------

/** Every action the audit log records, for the filter's choices. */
export const AUDIT_ACTIONS = [
  "feedback.review",
  "feedback.exclude",
  "feedback.reopen",
  "correction.save",
  "conversation.view",
  "user.role",
  "user.disable",
  "user.enable",
  "user.delete",
  "user.signin-alert",
  "export.download",
] as const satisfies readonly AuditAction[];
// Fails to compile when audit.ts gains an action this list lacks.
const _everyAction: readonly (typeof AUDIT_ACTIONS)[number][] = [] as AuditAction[];

export const AUDIT_FILTER_KEYS = ["action", "admin"] as const;

export const listAuditLogInput = z.object({
  action: z.enum(AUDIT_ACTIONS, "Unknown action.").optional(),
  /** The acting admin's email (stored lower-cased); an unknown one simply matches nothing. */
  admin: z
    .string()
    .trim()
    .max(320, "Emails are at most 320 characters.")
    .toLowerCase()
    .optional()
    .transform((value) => value || undefined),
  ...page,
});

// --- Pages ---------------------------------------------------------------------------------------

export type ListPage<T> = {
  rows: T[];
  /** Cursor of the next (older) page, or null on the last page. */
  older: string | null;
  /** Cursor of the previous (newer) page, or null on the first page. */
  newer: string | null;
};

/**
 * Turns `limit + 1` rows fetched from a cursor into a page: the extra row only says that more exist.
 * "older" rows arrive newest first; "newer" rows arrive oldest first (fetched upwards from the cursor)
 * and are put back in the list's order.
 */
export function toPage<T extends ListCursor>(
  rows: T[],
  limit: number,
  direction: "older" | "newer",
  fromCursor: boolean,
): ListPage<T> {
  const more = rows.length > limit;
  const page = direction === "older" ? rows.slice(0, limit) : rows.slice(0, limit).reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const hasOlder = direction === "older" ? more : fromCursor;
  const hasNewer = direction === "older" ? fromCursor : more;
  return {
    rows: page,
    older: hasOlder && last ? encodeCursor(last) : null,
    newer: hasNewer && first ? encodeCursor(first) : null,
  };
}
