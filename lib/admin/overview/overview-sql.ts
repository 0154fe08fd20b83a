import "server-only";
import { checkedStatement } from "../../db/checked-statement";
import { Prisma } from "../../db/generated/client";

// Hand-written statements of the admin overview: the live counts (live-counts.ts), the per-day counts
// from the tables (aggregate.ts) and the DailyStats rollup (daily-stats.ts, which says how fresh it is
// kept). Prisma tagged templates, run with `$queryRaw(sql)` / `$executeRaw(sql)`: values are bound.
// Days travel as text and are cast in SQL: createdAt is a UTC timestamp without time zone, which a
// JavaScript Date parameter would shift by the session's.

// pg_advisory_xact_lock key (an arbitrary constant): one rollup writer at a time, across instances.
const ROLLUP_LOCK_KEY = 74_0531_0001;

const DAY = "2024-01-01";
const NEXT_WEEK = "2024-01-08";

/** Users and conversations, all time and since `from`; deleted conversations left out. */
export const countPeopleSql = checkedStatement(
  "admin.overview.count-people",
  (from: string) => Prisma.sql`
    SELECT (SELECT count(*)::int FROM "User") AS "users",
           (SELECT count(*)::int FROM "User" WHERE "createdAt" >= ${from}::timestamp) AS "newUsers",
           c."conversations", c."newConversations"
    FROM (SELECT count(*)::int AS "conversations",
                 count(*) FILTER (WHERE "createdAt" >= ${from}::timestamp)::int AS "newConversations"
          FROM "Conversation" WHERE "deletedAt" IS NULL) c`,
  DAY,
);

/** `column` from `from` up to `to` (exclusive), or from `from` on when `to` is null. */
function range(column: Prisma.Sql, from: string, to: string | null): Prisma.Sql {
  return to === null
    ? Prisma.sql`${column} >= ${from}::timestamp`
    : Prisma.sql`${column} >= ${from}::timestamp AND ${column} < ${to}::timestamp`;
}

// Grouped on the raw values and formatted afterwards: hashing text keys costs twice as much when a
// first fill groups millions of rows.
function byDay(columns: Prisma.Sql, grouped: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
      SELECT to_char(g."day", 'YYYY-MM-DD') AS "day", coalesce(g."model", '') AS "model", ${columns}
      FROM (${grouped}) g`;
}

/** Messages and answers per UTC day and model: "day", "model", "messages", "answers". */
export const messagesByDaySql = checkedStatement(
  "admin.overview.messages-by-day",
  (from: string, to: string | null) =>
    byDay(
      Prisma.sql`g."messages", g."answers"`,
      Prisma.sql`
        SELECT date_trunc('day', "createdAt") AS "day", "modelId" AS "model", count(*)::int AS "messages",
               count(*) FILTER (WHERE "role" = 'assistant')::int AS "answers"
        FROM "Message" WHERE ${range(Prisma.sql`"createdAt"`, from, to)}
        GROUP BY 1, 2`,
    ),
  DAY,
  NEXT_WEEK,
);

/** Rated answers per UTC day and model: "day", "model", "rated". */
export const ratedByDaySql = checkedStatement(
  "admin.overview.rated-by-day",
  (from: string, to: string | null) =>
    byDay(
      Prisma.sql`g."rated"`,
      Prisma.sql`
        SELECT date_trunc('day', m."createdAt") AS "day", m."modelId" AS "model", count(*)::int AS "rated"
        FROM "Message" m
        WHERE ${range(Prisma.sql`m."createdAt"`, from, to)} AND m."role" = 'assistant'
          AND EXISTS (SELECT 1 FROM "Feedback" f WHERE f."messageId" = m."id")
        GROUP BY 1, 2`,
    ),
  DAY,
  NEXT_WEEK,
);

/** Ratings per UTC day and model: "day", "model", "up", "down", "downWithReason". */
export const ratingsByDaySql = checkedStatement(
  "admin.overview.ratings-by-day",
  (from: string, to: string | null) =>
    byDay(
      Prisma.sql`g."up", g."down", g."downWithReason"`,
      Prisma.sql`
        SELECT date_trunc('day', "createdAt") AS "day", "modelId" AS "model",
               count(*) FILTER (WHERE "rating" = 'up')::int AS "up",
               count(*) FILTER (WHERE "rating" = 'down')::int AS "down",
               count(*) FILTER (WHERE "rating" = 'down' AND cardinality("reasons") > 0)::int AS "downWithReason"
        FROM "Feedback" WHERE ${range(Prisma.sql`"createdAt"`, from, to)}
        GROUP BY 1, 2`,
    ),
  DAY,
  NEXT_WEEK,
);

/** Bad-rating reasons per UTC day and model: "day", "model", "reason", "n". */
export const reasonsByDaySql = checkedStatement(
  "admin.overview.reasons-by-day",
  (from: string, to: string | null) =>
    byDay(
      Prisma.sql`g."reason", g."n"`,
      Prisma.sql`
        SELECT date_trunc('day', f."createdAt") AS "day", f."modelId" AS "model", r."reason", count(*)::int AS "n"
        FROM "Feedback" f CROSS JOIN LATERAL unnest(f."reasons") AS r("reason")
        WHERE f."rating" = 'down' AND ${range(Prisma.sql`f."createdAt"`, from, to)}
        GROUP BY 1, 2, 3`,
    ),
  DAY,
  NEXT_WEEK,
);

/** Waits for the rollup's lock, held until the transaction ends. */
export const lockRollupSql = checkedStatement(
  "admin.overview.lock-rollup",
  () => Prisma.sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK_KEY}::bigint)`,
);

/** Takes the rollup's lock if free ("locked": true), held until the transaction ends. */
export const tryLockRollupSql = checkedStatement(
  "admin.overview.try-lock-rollup",
  () => Prisma.sql`
        SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK_KEY}::bigint) AS "locked"`,
);

/**
 * Closed days before `today` whose rollup is older than `settling` while within two days of the day,
 * or older than `settled` (intervals as text), newest first, at most `limit`: "day".
 */
export const staleDaysSql = checkedStatement(
  "admin.overview.stale-days",
  (today: string, settling: string, settled: string, limit: number) => Prisma.sql`
        SELECT to_char("day", 'YYYY-MM-DD') AS "day" FROM "DailyStats"
        WHERE "day" < ${today}::date AND (
          ("computedAt" < "day" + interval '2 days'
             AND "computedAt" < (now() AT TIME ZONE 'UTC') - ${settling}::interval)
          OR "computedAt" < (now() AT TIME ZONE 'UTC') - ${settled}::interval)
        ORDER BY "day" DESC LIMIT ${limit}`,
  NEXT_WEEK,
  "5 minutes",
  "7 days",
  31,
);

/** The rollup rows of the closed days in [from, to), "models" as text. */
export const readDaysSql = checkedStatement(
  "admin.overview.read-days",
  (from: string, to: string) => Prisma.sql`
    SELECT to_char("day", 'YYYY-MM-DD') AS "day", "messages", "answers", "rated", "up", "down", "models"::text
    FROM "DailyStats" WHERE "day" >= ${from}::date AND "day" < ${to}::date ORDER BY "day"`,
  DAY,
  NEXT_WEEK,
);

/** All-time sums over the closed days before `to`: "messages", "answers", "ratings". */
export const sumDaysSql = checkedStatement(
  "admin.overview.sum-days",
  (to: string) => Prisma.sql`
    SELECT coalesce(sum("messages"), 0)::float8 AS "messages", coalesce(sum("answers"), 0)::float8 AS "answers",
           coalesce(sum("up" + "down"), 0)::float8 AS "ratings"
    FROM "DailyStats" WHERE "day" < ${to}::date`,
  NEXT_WEEK,
);

/** Closed days before `today` from the first message or rating on with no rollup row: "day". */
export const missingDaysSql = checkedStatement(
  "admin.overview.missing-days",
  (today: string) => Prisma.sql`
    SELECT to_char(g, 'YYYY-MM-DD') AS "day"
    FROM generate_series(
           (SELECT least((SELECT min("createdAt") FROM "Message"), (SELECT min("createdAt") FROM "Feedback")))
             ::date::timestamp,
           (${today}::date - 1)::timestamp, interval '1 day') AS g
    WHERE NOT EXISTS (SELECT 1 FROM "DailyStats" s WHERE s."day" = g::date)
    ORDER BY 1`,
  NEXT_WEEK,
);

/** For the transaction only: no JIT compilation, and memory enough to sort and hash a first fill. */
export const tuneForBulkSql = checkedStatement(
  "admin.overview.tune-for-bulk",
  () => Prisma.sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`,
);

/** Stores the days (a JSON array of DayStats) computed at `computedAt` (ISO), replacing older rows. */
export const storeDaysSql = checkedStatement(
  "admin.overview.store-days",
  (computedAt: string, days: string) => Prisma.sql`
    INSERT INTO "DailyStats" ("day", "messages", "answers", "rated", "up", "down", "models", "computedAt")
    SELECT d."day"::date, d."messages", d."answers", d."rated", d."up", d."down", d."models",
           ${computedAt}::timestamptz AT TIME ZONE 'UTC'
    FROM jsonb_to_recordset(${days}::jsonb)
           AS d("day" text, "messages" int, "answers" int, "rated" int, "up" int, "down" int, "models" jsonb)
    ON CONFLICT ("day") DO UPDATE SET "messages" = EXCLUDED."messages", "answers" = EXCLUDED."answers",
      "rated" = EXCLUDED."rated",
      "up" = EXCLUDED."up", "down" = EXCLUDED."down", "models" = EXCLUDED."models",
      "computedAt" = EXCLUDED."computedAt"`,
  "2024-01-08T00:00:00.000Z",
  "[]",
);
