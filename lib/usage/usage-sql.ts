import "server-only";
import { namedStatement } from "../db/named-statement";

/**
 * Adds one answer's tokens and cost to its day's row (UsageDaily). $1 user id, $2 model id, $3 source,
 * $4 input tokens, $5 cached input tokens, $6 output tokens, $7 1 when estimated else 0, $8 cost in USD
 * (0 when unknown). The day is today in UTC.
 */
export const ADD_USAGE = namedStatement(
  "usage.add",
  `INSERT INTO "UsageDaily" ("day", "userId", "modelId", "source", "answers", "estimatedAnswers",
     "inputTokens", "cachedInputTokens", "outputTokens", "costUsd")
   VALUES ((now() AT TIME ZONE 'UTC')::date, $1::uuid, $2, $3, 1, $7::int, $4::bigint, $5::bigint, $6::bigint, $8::float8)
   ON CONFLICT ("day", "userId", "modelId", "source") DO UPDATE SET
     "answers" = "UsageDaily"."answers" + 1,
     "estimatedAnswers" = "UsageDaily"."estimatedAnswers" + EXCLUDED."estimatedAnswers",
     "inputTokens" = "UsageDaily"."inputTokens" + EXCLUDED."inputTokens",
     "cachedInputTokens" = "UsageDaily"."cachedInputTokens" + EXCLUDED."cachedInputTokens",
     "outputTokens" = "UsageDaily"."outputTokens" + EXCLUDED."outputTokens",
     "costUsd" = "UsageDaily"."costUsd" + EXCLUDED."costUsd"`,
);
