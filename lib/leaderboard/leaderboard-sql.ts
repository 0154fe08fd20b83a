import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";

// The leaderboard's one statement: the filtered comparisons counted per pair of models and outcome.
// A few hundred rows whatever the number of comparisons; the fit and the bootstrap run on those.

export type OutcomeQuery = {
  /** UTC, from the period; null for all time. */
  since: string | null;
  sources: ("explicit" | "ratings" | "arena" | "evaluation")[] | null;
  reason: string | null;
  /** An ILIKE pattern over the conversation's title, already escaped. */
  titlePattern: string | null;
};

function conditions(query: OutcomeQuery): Prisma.Sql[] {
  const where = [Prisma.sql`c."modelA" IS NOT NULL AND c."modelB" IS NOT NULL AND c."modelA" <> c."modelB"`];
  if (query.since) where.push(Prisma.sql`c."createdAt" >= ${query.since}::timestamp`);
  if (query.sources) where.push(Prisma.sql`c."source" = ANY(${query.sources}::"ComparisonSource"[])`);
  if (query.reason) {
    // A reason given with a thumb on either answer of the pair (by whoever rated it). The rated answers
    // come from the GIN index on reasons, then their comparisons from the answer indexes: an EXISTS per
    // comparison took seconds at a million.
    const rated = Prisma.sql`ARRAY(SELECT f."messageId" FROM "Feedback" f WHERE f."reasons" @> ARRAY[${query.reason}]::text[])`;
    where.push(Prisma.sql`(c."answerAId" = ANY(${rated}) OR c."answerBId" = ANY(${rated}))`);
  }
  if (query.titlePattern) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM "Conversation" v
      WHERE v."id" = c."conversationId" AND v."title" ILIKE ${query.titlePattern})`);
  }
  return where;
}

/** One row per ordered pair of models as stored: "modelA", "modelB", and the counts of each outcome. */
export type PairCountsRow = { modelA: string; modelB: string; winsA: number; winsB: number; ties: number };

/**
 * The filtered comparisons counted per stored pair of models ("both are bad" is counted as a tie). One
 * group per pair (a few hundred), counted with FILTER: grouping on a computed outcome made the planner
 * expect thousands of groups and sort a million rows on disk instead of hashing them.
 */
export const pairCountsSql = checkedStatement(
  "leaderboard.pair-counts",
  (query: OutcomeQuery) => Prisma.sql`
    SELECT c."modelA", c."modelB",
           count(*) FILTER (WHERE c."preferredId" = c."answerAId")::int AS "winsA",
           count(*) FILTER (WHERE c."preferredId" = c."answerBId")::int AS "winsB",
           count(*) FILTER (WHERE c."preferredId" IS NULL)::int AS "ties"
    FROM "Comparison" c
    WHERE ${Prisma.join(conditions(query), " AND ")}
    GROUP BY c."modelA", c."modelB"`,
  {
    since: "2024-01-01T00:00:00.000Z",
    sources: ["explicit", "arena"],
    reason: "incomplete",
    titlePattern: "%x%",
  },
);
