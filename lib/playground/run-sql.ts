import "server-only";
import { namedStatement } from "../db/named-statement";
import { minuteHitSql, retryAfterSql } from "../rate-limit/minute-window-sql";
import { budgetStatusSql, type BudgetStatusRow } from "../usage/budget-sql";

// The statements of a playground run before its first token (lib/playground/start-run.ts): the
// admission (account, the chat's per-user rate limit, the monthly budget) and the write of the whole
// set-up as one conversation, in the manner of the API's (lib/api/completions/completion-sql.ts).

const NOW = `(now() AT TIME ZONE 'UTC')`;
const CLOCK = `(clock_timestamp() AT TIME ZONE 'UTC')`;

export type PlaygroundAdmitRow = {
  found: number;
  allowed: number;
  retryAfter: number | null;
  budget: Pick<BudgetStatusRow, "unit" | "limit" | "used" | "resetsOn"> | null;
};

/**
 * Checks the user (not disabled), counts the run against the per-minute limit the chat uses (one
 * counter per user: the playground is no way around it), and reads the monthly budget: one round trip.
 * $1 user, $2 rate-limit key, $3 limit per minute.
 */
export const PLAYGROUND_ADMIT = namedStatement(
  "playground.admit-run",
  `
  WITH u AS (SELECT "id" FROM "User" WHERE "id" = $1::uuid AND "disabledAt" IS NULL),
  counter AS (${minuteHitSql("$2", "u")}),
  budget AS (${budgetStatusSql("$1")})
  SELECT
    (SELECT count(*)::int FROM u) AS "found",
    (SELECT count(*)::int FROM counter WHERE "count" <= $3) AS "allowed",
    ${retryAfterSql("counter")} AS "retryAfter",
    (SELECT json_build_object('unit', "unit", 'limit', "limit", 'used', "used", 'resetsOn', "resetsOn")
       FROM budget) AS "budget"`,
);

/**
 * Writes one run: a new conversation with source `playground`, the set-up's messages as a chain, and
 * one answer row (`streaming`) per model under the last of them, siblings in the order of the models.
 * Each row is a millisecond after the one before (one clock reading for all: CTEs run in no set
 * order), so creation order is the chain's order and the columns' order.
 * $1 conversation id, $2 user, $3 title, $4 first model id, $5 system prompt, $6 message ids,
 * $7 their parents, $8 their roles, $9 their texts, $10 answer ids, $11 their model ids,
 * $12 their providers, $13 their params (JSON text).
 */
export const PLAYGROUND_WRITE = namedStatement(
  "playground.write-run",
  `
  WITH base AS MATERIALIZED (SELECT ${CLOCK} AS "at"),
  conv AS (
    INSERT INTO "Conversation" ("id", "userId", "title", "modelId", "systemPrompt", "temporary", "source",
                                "currentLeafId", "createdAt", "updatedAt")
    SELECT $1::uuid, $2::uuid, $3, $4, $5, false, 'playground', ($10::uuid[])[1], ${NOW}, ${NOW}
    FROM "User" WHERE "id" = $2::uuid AND "disabledAt" IS NULL
    RETURNING "id"
  ),
  written AS (
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "parts", "text", "searchVector",
                           "createdAt", "updatedAt")
    SELECT m."id", conv."id", m."parentId", m."role"::"MessageRole",
           jsonb_build_array(jsonb_build_object('type', 'text', 'text', m."text")), m."text",
           to_tsvector('simple', m."text"), base."at" + m."n" * interval '1 millisecond', ${NOW}
    FROM conv, base, unnest($6::uuid[], $7::uuid[], $8::text[], $9::text[])
      WITH ORDINALITY AS m("id", "parentId", "role", "text", "n")
    RETURNING "id"
  ),
  answers AS (
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "status", "modelId", "provider",
                           "params", "createdAt", "updatedAt")
    SELECT a."id", conv."id", ($6::uuid[])[cardinality($6::uuid[])], 'assistant', 'streaming', a."modelId",
           a."provider", a."params"::jsonb,
           base."at" + (cardinality($6::uuid[]) + a."n") * interval '1 millisecond', ${NOW}
    FROM conv, base, unnest($10::uuid[], $11::text[], $12::text[], $13::text[])
      WITH ORDINALITY AS a("id", "modelId", "provider", "params", "n")
    RETURNING "id", "createdAt"
  )
  SELECT (SELECT count(*)::int FROM written) AS "written",
         (SELECT count(*)::int FROM answers) AS "answers"`,
);
