import "server-only";
import { namedStatement } from "../db/named-statement";

/**
 * An INSERT … ON CONFLICT that adds one answer to its day's row of UsageDaily, from `source`: a SELECT
 * or VALUES of (userId, modelId, source, estimatedAnswers, inputTokens, cachedInputTokens,
 * outputTokens, costUsd). Shared by ADD_USAGE and the answer's final save (lib/chat/answer-sql.ts),
 * which adds its usage in the same statement. The day is today in UTC.
 */
export function addUsageSql(source: string): string {
  return `INSERT INTO "UsageDaily" ("day", "userId", "modelId", "source", "answers", "estimatedAnswers",
     "inputTokens", "cachedInputTokens", "outputTokens", "costUsd")
   SELECT (now() AT TIME ZONE 'UTC')::date, v."userId", v."modelId", v."source", 1, v."estimated",
     v."input", v."cached", v."output", v."cost"
   FROM (${source}) AS v("userId", "modelId", "source", "estimated", "input", "cached", "output", "cost")
   ON CONFLICT ("day", "userId", "modelId", "source") DO UPDATE SET
     "answers" = "UsageDaily"."answers" + 1,
     "estimatedAnswers" = "UsageDaily"."estimatedAnswers" + EXCLUDED."estimatedAnswers",
     "inputTokens" = "UsageDaily"."inputTokens" + EXCLUDED."inputTokens",
     "cachedInputTokens" = "UsageDaily"."cachedInputTokens" + EXCLUDED."cachedInputTokens",
     "outputTokens" = "UsageDaily"."outputTokens" + EXCLUDED."outputTokens",
     "costUsd" = "UsageDaily"."costUsd" + EXCLUDED."costUsd"`;
}

/**
 * Adds one answer's tokens and cost to its day's row (UsageDaily). $1 user id, $2 model id, $3 source,
 * $4 input tokens, $5 cached input tokens, $6 output tokens, $7 1 when estimated else 0, $8 cost in USD
 * (0 when unknown).
 */
export const ADD_USAGE = namedStatement(
  "usage.add",
  addUsageSql(`VALUES ($1::uuid, $2, $3, $7::int, $4::bigint, $5::bigint, $6::bigint, $8::float8)`),
);
