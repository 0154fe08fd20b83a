import "server-only";
import { namedStatement } from "../../db/named-statement";
import { minuteHitSql, retryAfterSql } from "../../rate-limit/minute-window-sql";
import { budgetStatusSql, type BudgetStatusRow } from "../../usage/budget-sql";

// The statements of one API completion before its first token (lib/api/completions/prepare-completion.ts):
// the admission (account, per-key rate limit, the conversation it continues), the continued
// conversation's messages, and the write of the new messages and the answer's row. Named prepared
// statements on the pool, as the chat's (lib/chat/turn-sql.ts), for the same reason: time to first token.

const NOW = `(now() AT TIME ZONE 'UTC')`;
const CLOCK = `(clock_timestamp() AT TIME ZONE 'UTC')`;

export type ApiAdmitRow = {
  found: number;
  allowed: number;
  retryAfter: number | null;
  conversationFound: number;
  /** The user's monthly budget and its use (lib/usage/budget-sql.ts); null when none applies. */
  budget: Pick<BudgetStatusRow, "unit" | "limit" | "used" | "resetsOn"> | null;
};

/**
 * Checks the key's user (not disabled), counts the request against the key's per-minute limit, reads
 * the user's monthly budget, and finds the API conversation it continues (the caller's own, not
 * deleted), if it names one: one round trip.
 * $1 user, $2 rate-limit key, $3 limit per minute, $4 conversation id or null.
 */
export const API_ADMIT = namedStatement(
  "api.admit-completion",
  `
  WITH u AS (SELECT "id" FROM "User" WHERE "id" = $1::uuid AND "disabledAt" IS NULL),
  counter AS (${minuteHitSql("$2", "u")}),
  conv AS (
    SELECT c."id" FROM "Conversation" c
    WHERE c."id" = $4::uuid AND c."userId" = $1::uuid AND c."deletedAt" IS NULL AND c."source" = 'api'
  ),
  budget AS (${budgetStatusSql("$1")})
  SELECT
    (SELECT count(*)::int FROM u) AS "found",
    (SELECT count(*)::int FROM counter WHERE "count" <= $3) AS "allowed",
    ${retryAfterSql("counter")} AS "retryAfter",
    (SELECT count(*)::int FROM conv) AS "conversationFound",
    (SELECT json_build_object('unit', "unit", 'limit', "limit", 'used', "used", 'resetsOn', "resetsOn")
       FROM budget) AS "budget"`,
);

export type TreeRow = { id: string; parentId: string | null; role: "user" | "assistant"; text: string };

/** Every message of a conversation, oldest first: the tree a continued request is matched against. $1 id. */
export const API_TREE = namedStatement(
  "api.conversation-tree",
  `SELECT "id", "parentId", "role"::text AS "role", "text" FROM "Message"
   WHERE "conversationId" = $1::uuid AND "role" IN ('user', 'assistant')
   ORDER BY "createdAt", "id"`,
);

/**
 * Writes one completion: a new API conversation (or, continuing one, its branch pointer, model and
 * system prompt), the request's messages the tree does not hold yet as a chain, and the answer's row
 * under the last of them. Each message is a millisecond after the one before, so creation order is
 * the chain's order
 * (one clock reading for all: CTEs run in no set order). The conversation's user is checked again here, so a conversation deleted since
 * the admission gets nothing written (answerCreatedAt null).
 * $1 conversation id, $2 user, $3 title, $4 model id, $5 system prompt, $6 key id, $7 new conversation,
 * $8 message ids, $9 their parents, $10 their roles, $11 their texts, $12 answer id, $13 the answer's
 * parent, $14 provider, $15 answer params.
 */
export const API_WRITE = namedStatement(
  "api.write-completion",
  `
  WITH base AS MATERIALIZED (SELECT ${CLOCK} AS "at"),
  created AS (
    INSERT INTO "Conversation" ("id", "userId", "title", "modelId", "systemPrompt", "temporary", "source",
                                "apiKeyId", "currentLeafId", "createdAt", "updatedAt")
    SELECT $1::uuid, $2::uuid, $3, $4, $5, false, 'api', $6::uuid, $12::uuid, ${NOW}, ${NOW}
    WHERE $7::boolean
    RETURNING "id"
  ),
  continued AS (
    UPDATE "Conversation" SET "currentLeafId" = $12::uuid, "modelId" = $4, "systemPrompt" = $5,
      "updatedAt" = ${NOW}
    WHERE NOT $7::boolean AND "id" = $1::uuid AND "userId" = $2::uuid AND "deletedAt" IS NULL
    RETURNING "id"
  ),
  conv AS (SELECT "id" FROM created UNION ALL SELECT "id" FROM continued),
  written AS (
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "parts", "text", "searchVector",
                           "createdAt", "updatedAt")
    SELECT m."id", conv."id", m."parentId", m."role"::"MessageRole",
           jsonb_build_array(jsonb_build_object('type', 'text', 'text', m."text")), m."text",
           to_tsvector('simple', m."text"), base."at" + m."n" * interval '1 millisecond', ${NOW}
    FROM conv, base, unnest($8::uuid[], $9::uuid[], $10::text[], $11::text[])
      WITH ORDINALITY AS m("id", "parentId", "role", "text", "n")
    RETURNING "id"
  ),
  answer AS (
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "status", "modelId", "provider",
                           "params", "createdAt", "updatedAt")
    SELECT $12::uuid, conv."id", $13::uuid, 'assistant', 'streaming', $4, $14, $15::jsonb,
           base."at" + (cardinality($8::uuid[]) + 1) * interval '1 millisecond', ${NOW}
    FROM conv, base
    RETURNING "createdAt"
  )
  SELECT (SELECT "createdAt" AT TIME ZONE 'UTC' FROM answer) AS "answerCreatedAt",
         (SELECT count(*)::int FROM written) AS "written"`,
);
