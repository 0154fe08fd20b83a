import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";
import type { Direction } from "../pagination/keyset-page";
import { toTsQuery, type FeedbackCursor, type FeedbackFilters } from "./feedback-filters";

// Hand-written statements of the admin feedback list (feedback-list.ts): Prisma tagged templates,
// every filter value a bound parameter.

const SAMPLE_ID = "00000000-0000-0000-0000-000000000000";

/** Every filter as a SQL condition on "Feedback" f (joined to its "Message" m; "Conversation" c is free). */
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
  if (filters.source) {
    // A probe of the conversation's primary key per candidate row, in the (createdAt, id) order the
    // page walks: no extra index on Feedback, and the page still stops after limit + 1 matches.
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM "Conversation" c
                                  WHERE c."id" = f."conversationId"
                                    AND c."source" = ${filters.source}::"ConversationSource")`);
  }
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
 * Up to `limit + 1` list rows from `cursor` in `direction` (newest first going older), under the
 * filters: "id", "createdAt", "rating", "reasons", "commentStart", "reviewStatus", "modelId",
 * "userId", "userName", "answerStart".
 */
export const feedbackPageSql = checkedStatement(
  "admin.feedback-list.page",
  (filters: FeedbackFilters, cursor: FeedbackCursor | undefined, direction: Direction, limit: number) => {
    const where = filterConditions(filters);
    if (cursor) where.push(keyset(cursor, direction));
    const order = direction === "older" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
    return Prisma.sql`
    SELECT f."id", f."createdAt", f."rating"::text AS "rating", f."reasons",
           left(f."comment", 160) AS "commentStart", f."reviewStatus"::text AS "reviewStatus",
           f."modelId", f."userId", u."name" AS "userName", left(m."text", 160) AS "answerStart"
    FROM "Feedback" f
    JOIN "Message" m ON m."id" = f."messageId"
    JOIN "User" u ON u."id" = f."userId"
    ${where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY f."createdAt" ${order}, f."id" ${order}
    LIMIT ${limit + 1}`;
  },
  {
    rating: "down",
    reason: "wrong",
    model: "model",
    from: "2024-01-01",
    to: "2024-01-08",
    user: SAMPLE_ID,
    hasComment: "1",
    status: "pending",
    source: "api",
    q: "sample words",
  },
  { createdAt: new Date(0), id: SAMPLE_ID },
  "older",
  30,
);

/** Model ids that have feedback ("model"), by a skip scan over the model index. */
export const feedbackModelsSql = checkedStatement(
  "admin.feedback-list.models",
  () => Prisma.sql`
    WITH RECURSIVE models AS (
      (SELECT "modelId" AS model FROM "Feedback" WHERE "modelId" IS NOT NULL ORDER BY "modelId" LIMIT 1)
      UNION ALL
      SELECT (SELECT "modelId" FROM "Feedback" WHERE "modelId" > models.model ORDER BY "modelId" LIMIT 1)
      FROM models WHERE models.model IS NOT NULL
    )
    SELECT model FROM models WHERE model IS NOT NULL`,
);
