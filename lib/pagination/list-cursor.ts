// A position in a newest-first list, as it travels in a page link: a row's (createdAt, id) written
// "<ISO time>_<uuid>". List inputs come from the URL, so a broken link must be a clear VALIDATION
// message, never a database error.
import { z } from "zod";

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

/** The page fields of a list input: a cursor either way, and the page size. */
export const pageInput = {
  after: listCursorInput.optional(),
  before: listCursorInput.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};
