// Keyset pagination of newest-first lists on (createdAt, id): page 1,000 costs what page 1 costs, and
// rows arriving meanwhile never shift a page (no duplicates, no gaps).
import { encodeCursor, type ListCursor } from "./list-cursor";

export type Direction = "older" | "newer";

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
  direction: Direction,
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

/**
 * The page a list input asks for. `fetch` returns up to `limit + 1` rows beyond the cursor in
 * `direction` (newest first going older, oldest first going newer). "before" goes back towards newer
 * rows, but at the top it shows the first page whole rather than the few rows above the cursor.
 */
export async function keysetPage<T extends ListCursor>(
  fetch: (cursor: ListCursor | undefined, direction: Direction) => Promise<T[]>,
  { after, before, limit }: { after?: ListCursor; before?: ListCursor; limit: number },
): Promise<ListPage<T>> {
  if (before) {
    const rows = await fetch(before, "newer");
    if (rows.length > limit) return toPage(rows, limit, "newer", true);
  }
  return toPage(await fetch(after, "older"), limit, "older", Boolean(after));
}

/** The Prisma condition "beyond the cursor in `direction`", for models ordered by (createdAt, id). */
export function beyondCursor(cursor: ListCursor, direction: Direction) {
  const beyond = direction === "older" ? { lt: cursor.createdAt } : { gt: cursor.createdAt };
  const idBeyond = direction === "older" ? { lt: cursor.id } : { gt: cursor.id };
  return { OR: [{ createdAt: beyond }, { createdAt: cursor.createdAt, id: idBeyond }] };
}
