import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";

// The leaderboard's one statement: the comparisons counted per (modelA, modelB, outcome), filtered.
// A few hundred rows whatever the number of comparisons; the fit and the bootstrap run on those.

export type OutcomeQuery = {
  /** UTC, from the period; null for all time. */
  since: string | null;
  sources: ("explicit" | "ratings" | "arena")[] | null;
  reason: string | null;
  /** An ILIKE pattern over the conversation's title, already escaped. */
  titlePattern: string | null;
};

function conditions(query: OutcomeQuery): Prisma.Sql[] {
  const where = [Prisma.sql`c."modelA" IS NOT NULL AND c."modelB" IS NOT NULL AND c."modelA" <> c."modelB"`];
  if (query.since) where.push(Prisma.sql`c."createdAt" >= ${query.since}::timestamp`);
  if (query.sources) where.push(Prisma.sql`c."source" = ANY(${query.sources}::"ComparisonSource"[])`);
  if (query.reason) {
    // A reason given with a thumb on either answer of the pair (by anyone who rated it).
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM "Feedback" f
      WHERE f."messageId" IN (c."answerAId", c."answerBId") AND f."reasons" @> ARRAY[${query.reason}]::text[])`);
  }
  if (query.titlePattern) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM "Conversation" v
      WHERE v."id" = c."conversationId" AND v."title" ILIKE ${query.titlePattern})`);
  }
  return where;
}

/**
 * Rows of "modelA", "modelB", "outcome" ('a', 'b' or 'tie': "both are bad" is a tie) and "count". The
 * outcome is computed from columns of the covering index, so an unfiltered board reads the index only.
 */
export const outcomeCountsSql = checkedStatement(
  "leaderboard.outcome-counts",
  (query: OutcomeQuery) => Prisma.sql`
    SELECT c."modelA", c."modelB",
           CASE WHEN c."preferredId" IS NULL THEN 'tie'
                WHEN c."preferredId" = c."answerAId" THEN 'a' ELSE 'b' END AS "outcome",
           count(*)::int AS "count"
    FROM "Comparison" c
    WHERE ${Prisma.join(conditions(query), " AND ")}
    GROUP BY 1, 2, 3`,
  {
    since: "2024-01-01T00:00:00.000Z",
    sources: ["explicit", "arena"],
    reason: "incomplete",
    titlePattern: "%x%",
  },
);
