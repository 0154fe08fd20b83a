import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { requireAdmin, type Actor } from "../auth/actor";
import { parseInput } from "../errors/parse-input";
import { toPage, type Direction, type ListPage } from "../pagination/keyset-page";
import {
  feedbackFiltersInput,
  toTsQuery,
  type FeedbackCursor,
  type FeedbackFilters,
} from "./feedback-filters";

export const FEEDBACK_PAGE_SIZE = 30;

export type FeedbackListRow = {
  id: string;
  createdAt: string;
  rating: "up" | "down";
  reasons: string[];
  commentStart: string;
  reviewStatus: "pending" | "reviewed" | "excluded";
  modelId: string | null;
  userId: string;
  userName: string;
  answerStart: string;
};

export type FeedbackPage = ListPage<FeedbackListRow>;

type Row = Omit<FeedbackListRow, "createdAt"> & { createdAt: Date };

/** Every filter as a SQL condition on "Feedback" f (joined to its "Message" m). */
export function filterConditions(filters: FeedbackFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filters.rating) where.push(Prisma.sql`f."rating" = ${filters.rating}::"Rating"`);
  if (filters.reason) where.push(Prisma.sql`f."reasons" @> ARRAY[${filters.reason}]::text[]`);
  if (filters.model) where.push(Prisma.sql`f."modelId" = ${filters.model}`);
  if (filters.from) where.push(Prisma.sql`f."createdAt" >= ${filters.from}::date`);
  // "to" is inclusive: the whole day.
  if (filters.to) where.push(Prisma.sql`f."createdAt" < ${filters.to}::date + 1`);
  if (filters.user) where.push(Prisma.sql`f."userId" = ${filters.user}::uuid`);
  if (filters.hasComment) where.push(Prisma.sql`f."comment" <> ''`);
  if (filters.status) where.push(Prisma.sql`f."reviewStatus" = ${filters.status}::"ReviewStatus"`);
  if (filters.q) {
    const tsquery = toTsQuery(filters.q);
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // The answer through its indexed tsvector; the comment (short, often empty) by substring.
    where.push(
      tsquery
        ? Prisma.sql`(m."searchVector" @@ to_tsquery('simple', ${tsquery}) OR f."comment" ILIKE ${pattern})`
        : Prisma.sql`f."comment" ILIKE ${pattern}`,
    );
  }
  return where;
}

function keyset(cursor: FeedbackCursor, direction: Direction): Prisma.Sql {
  // Times are stored as UTC in columns without a time zone; compare them as such, whatever the
  // session's time zone. A row comparison keeps the (createdAt, id) index usable.
  const at = Prisma.sql`(${cursor.createdAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  return direction === "older"
    ? Prisma.sql`(f."createdAt", f."id") < (${at}, ${cursor.id}::uuid)`
    : Prisma.sql`(f."createdAt", f."id") > (${at}, ${cursor.id}::uuid)`;
}

/**
 * Up to `limit + 1` rows from `cursor` in `direction` (newest first going older, oldest first going
 * newer); the extra row only says that more exist. Keyset
 * pagination on (createdAt, id): page 1,000 costs what page 1 costs, and rows arriving meanwhile never
 * shift a page (no duplicates, no gaps). Selects only what the list shows: the start of the comment
 * and of the answer, and the user's name.
 */
async function fetchPage(
  filters: FeedbackFilters,
  cursor: FeedbackCursor | undefined,
  direction: Direction,
  limit: number,
): Promise<Row[]> {
  const where = filterConditions(filters);
  if (cursor) where.push(keyset(cursor, direction));
  const order = direction === "older" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const rows = await db().$queryRaw<Row[]>`
    SELECT f."id", f."createdAt", f."rating"::text AS "rating", f."reasons",
           left(f."comment", 160) AS "commentStart", f."reviewStatus"::text AS "reviewStatus",
           f."modelId", f."userId", u."name" AS "userName", left(m."text", 160) AS "answerStart"
    FROM "Feedback" f
    JOIN "Message" m ON m."id" = f."messageId"
    JOIN "User" u ON u."id" = f."userId"
    ${where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY f."createdAt" ${order}, f."id" ${order}
    LIMIT ${limit + 1}`;
  return rows;
}

function toListRow(row: Row): FeedbackListRow {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** The admin feedback list: newest first, filtered, one keyset page at a time. */
export async function listFeedback(actor: Actor, raw: unknown): Promise<FeedbackPage> {
  await requireAdmin(actor);
  const filters = parseInput(feedbackFiltersInput, raw);
  // "before" goes back towards newer rows; otherwise older rows from "after" (or from the top).
  const direction = filters.before ? "newer" : "older";
  const cursor = filters.before ?? filters.after;
  const rows = await fetchPage(filters, cursor, direction, FEEDBACK_PAGE_SIZE);
  const page = toPage(rows, FEEDBACK_PAGE_SIZE, direction, cursor !== undefined);
  return { ...page, rows: page.rows.map(toListRow) };
}

/** The rows just before and after one feedback row under the same filters: next/previous in the detail. */
export async function feedbackNeighbours(
  actor: Actor,
  feedbackId: string,
  raw: unknown,
): Promise<{ newer: string | null; older: string | null }> {
  await requireAdmin(actor);
  const filters = parseInput(feedbackFiltersInput, raw);
  const self = await db().feedback.findUnique({
    where: { id: feedbackId },
    select: { id: true, createdAt: true },
  });
  if (!self) return { newer: null, older: null };
  const [older, newer] = await Promise.all([
    fetchPage(filters, self, "older", 1),
    fetchPage(filters, self, "newer", 1),
  ]);
  return { older: older[0]?.id ?? null, newer: newer[0]?.id ?? null };
}

/** Model ids that have feedback, for the filter's choices. A skip scan over the model index: 5 models
 * in a million rows cost five index probes, not a scan. */
export async function listFeedbackModels(actor: Actor): Promise<string[]> {
  await requireAdmin(actor);
  const rows = await db().$queryRaw<{ model: string }[]>`
    WITH RECURSIVE models AS (
      (SELECT "modelId" AS model FROM "Feedback" WHERE "modelId" IS NOT NULL ORDER BY "modelId" LIMIT 1)
      UNION ALL
      SELECT (SELECT "modelId" FROM "Feedback" WHERE "modelId" > models.model ORDER BY "modelId" LIMIT 1)
      FROM models WHERE models.model IS NOT NULL
    )
    SELECT model FROM models WHERE model IS NOT NULL`;
  return rows.map((row) => row.model);
}
