import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { requireAdmin, type Actor } from "../auth/actor";
import { parseInput } from "../errors/parse-input";
import { chosenAndRejected } from "../feedback/preferences";
import { trainingUse, type TrainingUse } from "../feedback/consent";
import { toTsQuery } from "./feedback-filters";
import { keysetPage, type Direction, type ListPage } from "../pagination/keyset-page";
import type { ListCursor } from "../pagination/list-cursor";
import { listComparisonsInput, type ComparisonFilters } from "./schemas";

/** How much of the question and of each answer the list shows. */
export const TEXT_START = 160;

export type ComparisonAnswer = { id: string; modelId: string | null; textStart: string };

export type ComparisonListRow = {
  id: string;
  createdAt: Date;
  user: { id: string; name: string };
  source: "explicit" | "ratings";
  /** True for "Same": then `preferred` and `rejected` are just the two answers, in stored order. */
  tie: boolean;
  questionStart: string;
  preferred: ComparisonAnswer;
  rejected: ComparisonAnswer;
  /** The consent rule (lib/feedback/consent) applied to the comparison's conversation. */
  training: TrainingUse;
};

type Row = {
  id: string;
  createdAt: Date;
  userId: string;
  userName: string;
  userConsent: boolean;
  temporary: boolean;
  deleted: boolean;
  source: "explicit" | "ratings";
  preferredId: string | null;
  answerAId: string;
  answerBId: string;
  questionStart: string;
  modelA: string | null;
  startA: string;
  modelB: string | null;
  startB: string;
};

/** A filtered list: conditions on "Comparison" c, and the question search, which needs a plan of its own. */
type Query = { where: Prisma.Sql[]; tsquery: string | null };

/**
 * Every filter as a SQL condition on "Comparison" c; values are always bound parameters. Null when
 * nothing can match (a search made of punctuation only).
 */
function toQuery(filters: ComparisonFilters): Query | null {
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
  if (filters.outcome === "tie") where.push(Prisma.sql`c."preferredId" IS NULL`);
  if (filters.outcome === "preferred") where.push(Prisma.sql`c."preferredId" IS NOT NULL`);
  const tsquery = filters.q ? toTsQuery(filters.q) : null;
  if (filters.q && !tsquery) return null;
  return { where, tsquery };
}

function whereClause(where: Prisma.Sql[]): Prisma.Sql {
  return where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
}

/** How many comparisons, in list order, a search checks one by one before it asks the index instead. */
const SEARCH_WALK = 2_000;

/**
 * The ids of `limit + 1` comparisons from `cursor` in `direction`, in list order. Without a search,
 * the (createdAt, id) index gives them directly. A search has two plans, because either alone takes
 * seconds at a million messages in the other's case: a common word is found by checking the next
 * comparisons in order (the page fills at once), a rare one through the full-text index (the few
 * matching questions, then their comparisons). The first plan runs with a budget; the second only
 * when the budget did not fill the page. Both give the same rows, so pages stay consistent.
 */
async function pageIds(
  query: Query,
  cursor: ListCursor | undefined,
  direction: Direction,
  limit: number,
): Promise<string[]> {
  const where = [...query.where];
  if (cursor) {
    where.push(
      direction === "older"
        ? Prisma.sql`(c."createdAt", c."id") < (${cursor.createdAt}, ${cursor.id}::uuid)`
        : Prisma.sql`(c."createdAt", c."id") > (${cursor.createdAt}, ${cursor.id}::uuid)`,
    );
  }
  const order = direction === "older" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  if (!query.tsquery) {
    const rows = await db().$queryRaw<{ id: string }[]>`
      SELECT c."id" FROM "Comparison" c ${whereClause(where)}
      ORDER BY c."createdAt" ${order}, c."id" ${order}
      LIMIT ${limit + 1}`;
    return rows.map((row) => row.id);
  }

  const [walk] = await db().$queryRaw<{ examined: number; ids: string[] | null }[]>`
    WITH candidates AS MATERIALIZED (
      SELECT c."id", c."createdAt", c."promptId" FROM "Comparison" c ${whereClause(where)}
      ORDER BY c."createdAt" ${order}, c."id" ${order}
      LIMIT ${SEARCH_WALK}
    )
    SELECT (SELECT count(*)::int FROM candidates) AS "examined",
           (SELECT array_agg(hit."id"::text ORDER BY hit."createdAt" ${order}, hit."id" ${order})
            FROM (SELECT k."id", k."createdAt" FROM candidates k
                  JOIN "Message" p ON p."id" = k."promptId"
                  WHERE p."searchVector" @@ to_tsquery('simple', ${query.tsquery})
                  ORDER BY k."createdAt" ${order}, k."id" ${order}
                  LIMIT ${limit + 1}) hit) AS "ids"`;
  const found = walk?.ids ?? [];
  if (found.length > limit || (walk?.examined ?? 0) < SEARCH_WALK) return found;

  // Materialized without a LIMIT, so the planner reads the matches from the GIN index instead of
  // scanning messages in the hope of meeting enough of them early.
  const rows = await db().$queryRaw<{ id: string }[]>`
    WITH hits AS MATERIALIZED (
      SELECT "id" FROM "Message"
      WHERE "searchVector" @@ to_tsquery('simple', ${query.tsquery}) AND "role" = 'user'
    )
    SELECT c."id" FROM "Comparison" c
    ${whereClause([...where, Prisma.sql`c."promptId" IN (SELECT "id" FROM hits)`])}
    ORDER BY c."createdAt" ${order}, c."id" ${order}
    LIMIT ${limit + 1}`;
  return rows.map((row) => row.id);
}

/**
 * What the list shows of the chosen comparisons: the texts are cut to their first characters in
 * SQL, so a list never loads a whole conversation.
 */
async function fetchRows(ids: string[], direction: Direction): Promise<Row[]> {
  if (ids.length === 0) return [];
  const order = direction === "older" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  return db().$queryRaw<Row[]>`
    SELECT c."id", c."createdAt", c."userId", u."name" AS "userName", u."trainingConsent" AS "userConsent",
           conv."temporary", (conv."deletedAt" IS NOT NULL) AS "deleted", c."source"::text AS "source",
           c."preferredId", c."answerAId", c."answerBId",
           left(p."text", ${TEXT_START}) AS "questionStart",
           a."modelId" AS "modelA", left(a."text", ${TEXT_START}) AS "startA",
           b."modelId" AS "modelB", left(b."text", ${TEXT_START}) AS "startB"
    FROM "Comparison" c
    JOIN "User" u ON u."id" = c."userId"
    JOIN "Conversation" conv ON conv."id" = c."conversationId"
    JOIN "Message" p ON p."id" = c."promptId"
    JOIN "Message" a ON a."id" = c."answerAId"
    JOIN "Message" b ON b."id" = c."answerBId"
    WHERE c."id" = ANY(${ids}::uuid[])
    ORDER BY c."createdAt" ${order}, c."id" ${order}`;
}

function toListRow(row: Row): ComparisonListRow {
  const a = { id: row.answerAId, modelId: row.modelA, textStart: row.startA };
  const b = { id: row.answerBId, modelId: row.modelB, textStart: row.startB };
  const { chosenId, tie } = chosenAndRejected(row);
  return {
    id: row.id,
    createdAt: row.createdAt,
    user: { id: row.userId, name: row.userName },
    source: row.source,
    tie,
    questionStart: row.questionStart,
    preferred: chosenId === a.id ? a : b,
    rejected: chosenId === a.id ? b : a,
    training: trainingUse({ temporary: row.temporary, deleted: row.deleted, userConsent: row.userConsent }),
  };
}

/**
 * Recorded preferences, newest first, filtered, one keyset page at a time: page 1,000 costs what
 * page 1 costs, and rows arriving meanwhile never shift a page (no duplicates, no gaps).
 */
export async function listComparisons(actor: Actor, raw: unknown = {}): Promise<ListPage<ComparisonListRow>> {
  await requireAdmin(actor);
  const filters = parseInput(listComparisonsInput, raw);
  const query = toQuery(filters);
  if (!query) return { rows: [], older: null, newer: null };
  const { after, before, limit } = filters;
  const load = async (cursor: ListCursor | undefined, direction: Direction) =>
    fetchRows(await pageIds(query, cursor, direction, limit), direction);
  const page = await keysetPage(load, { after, before, limit });
  return { ...page, rows: page.rows.map(toListRow) };
}
