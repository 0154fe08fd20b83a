import "server-only";
import { namedStatement } from "../db/named-statement";
import { minuteHitSql, retryAfterSql } from "../rate-limit/minute-window-sql";

// Hand-written statements of lib/feedback (why each is hand-made: docs/feedback.md, "Speed").

/**
 * Rates (or, with a null rating, unrates) an answer in one round trip: ownership check, rate limit and
 * write, committed asynchronously (lib/feedback/rate.ts says why).
 * $1 message, $2 user, $3 rate-limit key, $4 limit per minute, $5 rating (null removes it).
 */
export const RATE_MESSAGE = namedStatement(
  "feedback.rate",
  `
  WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true) AS "mode"),
  target AS (
    SELECT m."id", m."conversationId", m."parentId", m."modelId", m."provider", m."params"
    FROM "Message" m
    JOIN "Conversation" c ON c."id" = m."conversationId"
    JOIN "User" u ON u."id" = c."userId"
    WHERE m."id" = $1::uuid AND c."userId" = $2::uuid AND c."deletedAt" IS NULL
      AND u."disabledAt" IS NULL AND m."role" = 'assistant' AND m."status" <> 'streaming'
  ),
  counter AS (${minuteHitSql("$3", "target")}),
  allowed AS (SELECT target.* FROM target, counter WHERE counter."count" <= $4),
  saved AS (
    INSERT INTO "Feedback" ("messageId", "userId", "conversationId", "rating", "modelId", "provider",
                            "params", "updatedAt")
    SELECT a."id", $2::uuid, a."conversationId", $5::"Rating", a."modelId", a."provider", a."params", now()
    FROM allowed a WHERE $5::"Rating" IS NOT NULL
    ON CONFLICT ("messageId", "userId") DO UPDATE SET
      "rating" = EXCLUDED."rating",
      "reasons" = CASE WHEN "Feedback"."rating" = EXCLUDED."rating" THEN "Feedback"."reasons" ELSE '{}' END,
      "reviewStatus" = CASE WHEN "Feedback"."rating" <> EXCLUDED."rating"
                                 AND "Feedback"."reviewStatus" = 'reviewed'
                            THEN 'pending' ELSE "Feedback"."reviewStatus" END,
      "updatedAt" = now()
    RETURNING "rating", "reasons", "comment"
  ),
  removed AS (
    DELETE FROM "Feedback" f USING allowed a
    WHERE $5::"Rating" IS NULL AND f."messageId" = a."id" AND f."userId" = $2::uuid
    RETURNING f."id"
  )
  SELECT
    (SELECT "mode" FROM relaxed) AS "mode",
    (SELECT count(*)::int FROM target) AS "found",
    (SELECT count(*)::int FROM allowed) AS "allowed",
    ${retryAfterSql("counter")} AS "retryAfter",
    (SELECT "rating"::text FROM saved) AS "rating",
    (SELECT "reasons" FROM saved) AS "reasons",
    (SELECT "comment" FROM saved) AS "comment",
    (SELECT "conversationId"::text FROM target) AS "conversationId",
    (SELECT "parentId"::text FROM target) AS "parentId",
    (SELECT count(*)::int FROM "Message" s
      JOIN target t ON s."parentId" = t."parentId"
      JOIN "Feedback" sf ON sf."messageId" = s."id" AND sf."userId" = $2::uuid
      WHERE s."id" <> t."id" AND s."role" = 'assistant') AS "ratedSiblings"`,
);

/**
 * Serialises one user's preference writes within a transaction (lib/feedback/comparisons.ts). Run with
 * the transaction's `$executeRawUnsafe(text, key)`: it must run on that transaction's connection.
 * $1 lock key.
 */
export const LOCK_USER_COMPARISONS = namedStatement(
  "feedback.lock-user-comparisons",
  `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`,
);
