import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";
import type { Direction } from "../pagination/keyset-page";
import type { ListCursor } from "../pagination/list-cursor";
import { toTsQuery } from "./feedback-filters";
import type { ComparisonFilters } from "./schemas";

// Hand-written statements of the admin comparison list (comparisons.ts says why a search has two
// plans): Prisma tagged templates, every filter value a bound parameter.

/** A filtered list: conditions on "Comparison" c, and the question search, which needs a plan of its own. */
export type ComparisonQuery = { where: Prisma.Sql[]; tsquery: string | null };

const SAMPLE_ID = "00000000-0000-0000-0000-000000000000";
const SAMPLE_QUERY = {
  model: "model",
  from: "2024-01-01",
  to: "2024-01-08",
  user: SAMPLE_ID,
  source: "explicit",
  outcome: "preferred",
  q: "sample words",
  limit: 50,
} satisfies ComparisonFilters;
const SAMPLE_CURSOR = { createdAt: new Date(0), id: SAMPLE_ID };

/**
 * Every filter as a SQL condition on "Comparison" c; values are always bound parameters. Null when
 * nothing can match (a search made of punctuation only).
 */
export function toQuery(filters: ComparisonFilters): ComparisonQuery | null {
  const where: Prisma.Sql[] = [];
  if (filters.model) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM "Message" m
      WHERE m."id" IN (c."answerAId", c."answerBId") AND m."modelId" = ${filters.model})`);
  }
  if (filters.from) where.push(Prisma.sql`c."createdAt" >= ${filters.from}::date`);
  // "to" is inclusive: the whole day.
  if (filters.to) where.push(Prisma.sql`c."createdAt" < ${filters.to}::date + 1`);
  if (filters.user) where.push(Prisma.sql`c."userId" = ${filters.user}::uuid`);
  if (filters.source) where.push(Prisma.sql`c."source" = ${filters.source}::"ComparisonSource"`);
  // A tie and "both are bad" both have no preferred answer; the flag keeps them apart.
  if (filters.outcome === "tie") where.push(Prisma.sql`c."preferredId" IS NULL AND NOT c."bothBad"`);
  if (filters.outcome === "both-bad") where.push(Prisma.sql`c."bothBad"`);
  if (filters.outcome === "preferred") where.push(Prisma.sql`c."preferredId" IS NOT NULL`);
  const tsquery = filters.q ? toTsQuery(filters.q) : null;
  if (filters.q && !tsquery) return null;
  return { where, tsquery };
}

function whereClause(where: Prisma.Sql[]): Prisma.Sql {
  return where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
}

/** The query's conditions, and the keyset condition beyond `cursor` in `direction`. */
function conditions(
  query: ComparisonQuery,
  cursor: ListCursor | undefined,
  direction: Direction,
): Prisma.Sql[] {
  const where = [...query.where];
  if (cursor) {
    where.push(
      direction === "older"
        ? Prisma.sql`(c."createdAt", c."id") < (${cursor.createdAt}, ${cursor.id}::uuid)`
        : Prisma.sql`(c."createdAt", c."id") > (${cursor.createdAt}, ${cursor.id}::uuid)`,
    );
  }
  return where;
}

const orderOf = (direction: Direction) => (direction === "older" ? Prisma.sql`DESC` : Prisma.sql`ASC`);

/** Without a search: the ids ("id") of `limit + 1` comparisons from `cursor`, in list order. */
export const comparisonIdsSql = checkedStatement(
  "admin.comparisons.page-ids",
  (query: ComparisonQuery, cursor: ListCursor | undefined, direction: Direction, limit: number) => {
    const order = orderOf(direction);
    return Prisma.sql`
      SELECT c."id" FROM "Comparison" c ${whereClause(conditions(query, cursor, direction))}
      ORDER BY c."createdAt" ${order}, c."id" ${order}
      LIMIT ${limit + 1}`;
  },
  { where: toQuery(SAMPLE_QUERY)?.where ?? [], tsquery: null },
  SAMPLE_CURSOR,
  "older",
  50,
);

/**
 * A search's first plan: the next `walk` comparisons from `cursor` in list order, and the ids of the
 * first `limit + 1` whose question matches `tsquery`: "examined", "ids" (null when none).
 */
export const searchWalkSql = checkedStatement(
  "admin.comparisons.search-walk",
  (
    query: ComparisonQuery,
    tsquery: string,
    cursor: ListCursor | undefined,
    direction: Direction,
    limit: number,
    walk: number,
  ) => {
    const order = orderOf(direction);
    return Prisma.sql`
    WITH candidates AS MATERIALIZED (
      SELECT c."id", c."createdAt", c."promptId" FROM "Comparison" c ${whereClause(conditions(query, cursor, direction))}
      ORDER BY c."createdAt" ${order}, c."id" ${order}
      LIMIT ${walk}
    )
    SELECT (SELECT count(*)::int FROM candidates) AS "examined",
           (SELECT array_agg(hit."id"::text ORDER BY hit."createdAt" ${order}, hit."id" ${order})
            FROM (SELECT k."id", k."createdAt" FROM candidates k
                  JOIN "Message" p ON p."id" = k."promptId"
                  WHERE p."searchVector" @@ to_tsquery('simple', ${tsquery})
                  ORDER BY k."createdAt" ${order}, k."id" ${order}
                  LIMIT ${limit + 1}) hit) AS "ids"`;
  },
  toQuery(SAMPLE_QUERY) ?? { where: [], tsquery: null },
  "sample & words:*",
  SAMPLE_CURSOR,
  "older",
  50,
  2_000,
);

/**
 * A search's second plan: the matching questions from the full-text index, then the ids ("id") of
 * `limit + 1` of their comparisons from `cursor`, in list order.
 */
export const searchIndexSql = checkedStatement(
  "admin.comparisons.search-index",
  (
    query: ComparisonQuery,
    tsquery: string,
    cursor: ListCursor | undefined,
    direction: Direction,
    limit: number,
  ) => {
    const order = orderOf(direction);
    const where = conditions(query, cursor, direction);
    // Materialized without a LIMIT, so the planner reads the matches from the GIN index instead of
    // scanning messages in the hope of meeting enough of them early.
    return Prisma.sql`
    WITH hits AS MATERIALIZED (
      SELECT "id" FROM "Message"
      WHERE "searchVector" @@ to_tsquery('simple', ${tsquery}) AND "role" = 'user'
    )
    SELECT c."id" FROM "Comparison" c
    ${whereClause([...where, Prisma.sql`c."promptId" IN (SELECT "id" FROM hits)`])}
    ORDER BY c."createdAt" ${order}, c."id" ${order}
    LIMIT ${limit + 1}`;
  },
  toQuery(SAMPLE_QUERY) ?? { where: [], tsquery: null },
  "sample & words:*",
  SAMPLE_CURSOR,
  "older",
  50,
);

/**
 * What the list shows of the comparisons `ids`, in list order, with the question and answers cut to
 * their first `textStart` characters (see comparisons.ts's Row for the columns).
 */
export const comparisonRowsSql = checkedStatement(
  "admin.comparisons.rows",
  (ids: string[], direction: Direction, textStart: number) => {
    const order = orderOf(direction);
    return Prisma.sql`
    SELECT c."id", c."createdAt", c."userId", u."name" AS "userName", u."trainingConsent" AS "userConsent",
           conv."temporary", (conv."deletedAt" IS NOT NULL) AS "deleted", c."source"::text AS "source",
           c."preferredId", c."bothBad", c."answerAId", c."answerBId",
           left(p."text", ${textStart}) AS "questionStart",
           a."modelId" AS "modelA", left(a."text", ${textStart}) AS "startA",
           b."modelId" AS "modelB", left(b."text", ${textStart}) AS "startB"
    FROM "Comparison" c
    JOIN "User" u ON u."id" = c."userId"
    JOIN "Conversation" conv ON conv."id" = c."conversationId"
    JOIN "Message" p ON p."id" = c."promptId"
    JOIN "Message" a ON a."id" = c."answerAId"
    JOIN "Message" b ON b."id" = c."answerBId"
    WHERE c."id" = ANY(${ids}::uuid[])
    ORDER BY c."createdAt" ${order}, c."id" ${order}`;
  },
  [SAMPLE_ID],
  "older",
  160,
);
