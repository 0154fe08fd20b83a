import "server-only";
import { Prisma } from "../db/generated/client";
import { checkedStatement } from "../db/checked-statement";

export type UsageFilter = {
  /** First and last UTC day, both included (YYYY-MM-DD). */
  from: string;
  to: string;
  userId: string | null;
  modelId: string | null;
};

const SAMPLE: UsageFilter = {
  from: "2026-01-01",
  to: "2026-01-31",
  userId: "00000000-0000-4000-8000-000000000000",
  modelId: "offline-demo",
};

function where(filter: UsageFilter): Prisma.Sql {
  return Prisma.sql`u."day" BETWEEN ${filter.from}::date AND ${filter.to}::date
    ${filter.userId ? Prisma.sql`AND u."userId" = ${filter.userId}::uuid` : Prisma.empty}
    ${filter.modelId ? Prisma.sql`AND u."modelId" = ${filter.modelId}` : Prisma.empty}`;
}

/**
 * Admin → Usage's figures in one pass over the period's rollup rows: per day, per user, per model and
 * the total, as the four grouping sets of one GROUP BY (`grouping` tells them apart: 3 = per day,
 * 5 = per user, 6 = per model, 7 = total). The period is a range of UsageDaily's primary key, whose
 * first column is the day. Sums as float8: exact up to 2^53 tokens, and numbers for the driver.
 */
export const usageReportSql = checkedStatement(
  "usage.report",
  (filter: UsageFilter) => Prisma.sql`
    SELECT GROUPING(u."day", u."userId", u."modelId")::int AS "grouping",
           u."day"::text AS "day", u."userId"::text AS "userId", u."modelId" AS "modelId",
           sum(u."answers")::float8 AS "answers",
           sum(u."estimatedAnswers")::float8 AS "estimatedAnswers",
           sum(u."inputTokens")::float8 AS "inputTokens",
           sum(u."cachedInputTokens")::float8 AS "cachedInputTokens",
           sum(u."outputTokens")::float8 AS "outputTokens",
           sum(u."costUsd")::float8 AS "costUsd"
    FROM "UsageDaily" u
    WHERE ${where(filter)}
    GROUP BY GROUPING SETS ((u."day"), (u."userId"), (u."modelId"), ())`,
  SAMPLE,
);

export type UsageCsvCursor = { day: string; userId: string; modelId: string; source: string };

/**
 * One page of the CSV download: the period's rollup rows in primary-key order after `after`, with the
 * user's email ("" when the account is gone: the rollup keeps a deleted user's spending).
 */
export const usageCsvPageSql = checkedStatement(
  "usage.csv-page",
  (filter: UsageFilter, after: UsageCsvCursor | null, limit: number) => Prisma.sql`
    SELECT u."day"::text AS "day", u."userId"::text AS "userId", COALESCE(p."email", '') AS "email",
           u."modelId" AS "modelId", u."source" AS "source", u."answers" AS "answers",
           u."estimatedAnswers" AS "estimatedAnswers", u."inputTokens"::text AS "inputTokens",
           u."cachedInputTokens"::text AS "cachedInputTokens", u."outputTokens"::text AS "outputTokens",
           u."costUsd" AS "costUsd"
    FROM "UsageDaily" u LEFT JOIN "User" p ON p."id" = u."userId"
    WHERE ${where(filter)}
      ${
        after
          ? Prisma.sql`AND (u."day", u."userId", u."modelId", u."source")
              > (${after.day}::date, ${after.userId}::uuid, ${after.modelId}, ${after.source})`
          : Prisma.empty
      }
    ORDER BY u."day", u."userId", u."modelId", u."source"
    LIMIT ${limit}`,
  SAMPLE,
  { day: "2026-01-02", userId: "00000000-0000-4000-8000-000000000000", modelId: "m", source: "chat" },
  1000,
);
