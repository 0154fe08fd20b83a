import "server-only";
import { namedStatement } from "../db/named-statement";
import { addUsageSql } from "../usage/usage-sql";

// The statements that save an answer while and after it streams (lib/chat/stream-turn.ts), and the
// sweep that closes answers nobody is streaming any more (lib/chat/interrupted-answers.ts).

const NOW = `(now() AT TIME ZONE 'UTC')`;

/**
 * The partial text, about once a second. Zero rows means the row is no longer `streaming`: Stop was
 * pressed on another instance, or the sweep closed it. $1 answer id, $2 text.
 */
export const FLUSH_TEXT = namedStatement(
  "chat.flush-text",
  `UPDATE "Message" SET "text" = $2, "updatedAt" = ${NOW} WHERE "id" = $1::uuid AND "status" = 'streaming'`,
);

/**
 * A heartbeat while the model sends nothing (thinking before its first word, a slow provider): the
 * sweep tells a live answer from an orphan by its updatedAt. Zero rows as for FLUSH_TEXT. $1 answer id.
 */
export const TOUCH_ANSWER = namedStatement(
  "chat.touch-answer",
  `UPDATE "Message" SET "updatedAt" = ${NOW} WHERE "id" = $1::uuid AND "status" = 'streaming'`,
);

/**
 * The finished answer with its details. A row that is no longer `streaming` keeps the status and error
 * someone else gave it (Stop from another instance, the interrupted-answers sweep) and gets the text,
 * which is the most complete there is. Returns the final status and error, which the browser is told,
 * and `settles`: whether this save is the one that accounts for the answer's usage.
 *
 * An answer's usage is accounted for exactly once: by the first of this save and the sweep to end it.
 * Both set `durationMs`, which is null until then, so "durationMs was null" (read under a row lock, so
 * a concurrent sweep is waited for) decides; a later save keeps the tokens and cost already recorded.
 * $1 answer id, $2 text, $3 parts, $4 status, $5 error, $6 finish reason, $7 input tokens,
 * $8 output tokens, $9 time to first token, $10 duration, $11 cached input tokens, $12 tokens
 * estimated, $13 cost in USD, $14 model id, $15 user id, $16 source (chat, api), $17 whether there is
 * usage to add. The usage goes into the daily rollup in the same statement when this save settles the
 * answer, or when the row is gone (a conversation deleted while its answer streamed: the tokens were
 * spent all the same, and no other writer can account for a row that is gone); one statement, so a
 * crash cannot store the answer's figures without its rollup.
 */
export const SAVE_ANSWER = namedStatement(
  "chat.save-answer",
  `WITH saved AS (
     UPDATE "Message" m SET "text" = $2, "parts" = $3::jsonb, "searchVector" = to_tsvector('simple', $2),
       "status" = CASE WHEN m."status" = 'streaming' THEN $4::"MessageStatus" ELSE m."status" END,
       "error" = CASE WHEN m."status" = 'streaming' THEN $5 ELSE m."error" END,
       "finishReason" = CASE WHEN m."status" = 'streaming' THEN $6 ELSE coalesce(m."finishReason", $6) END,
       "inputTokens" = CASE WHEN o."durationMs" IS NULL THEN $7::int ELSE m."inputTokens" END,
       "outputTokens" = CASE WHEN o."durationMs" IS NULL THEN $8::int ELSE m."outputTokens" END,
       "cachedInputTokens" = CASE WHEN o."durationMs" IS NULL THEN $11::int ELSE m."cachedInputTokens" END,
       "tokensEstimated" = CASE WHEN o."durationMs" IS NULL THEN $12::boolean ELSE m."tokensEstimated" END,
       "costUsd" = CASE WHEN o."durationMs" IS NULL THEN $13::float8 ELSE m."costUsd" END,
       "timeToFirstTokenMs" = $9, "durationMs" = $10, "updatedAt" = ${NOW}
     FROM (SELECT "id", "durationMs" FROM "Message" WHERE "id" = $1::uuid FOR UPDATE) o
     WHERE m."id" = o."id"
     RETURNING m."status"::text AS "status", m."error", (o."durationMs" IS NULL) AS "settles"
   ),
   usage AS (
     ${addUsageSql(`SELECT $15::uuid, $14, $16, CASE WHEN $12::boolean THEN 1 ELSE 0 END, $7::bigint,
       coalesce($11::bigint, 0), $8::bigint, coalesce($13::float8, 0)
       WHERE $17::boolean AND coalesce((SELECT "settles" FROM saved), true)`)}
   )
   SELECT "status", "error", "settles" FROM saved`,
);

/**
 * When saving the answer failed: an error the user can retry, with the text as last flushed, rather
 * than a row left `streaming` for ever. $1 answer id, $2 error message.
 */
export const MARK_SAVE_FAILED = namedStatement(
  "chat.mark-save-failed",
  `UPDATE "Message" SET "status" = 'error', "error" = $2, "finishReason" = 'error', "updatedAt" = ${NOW}
   WHERE "id" = $1::uuid AND "status" = 'streaming'`,
);

/**
 * Answers still `streaming` whose last save or heartbeat is older than $2 milliseconds: their instance
 * is gone (crashed, killed, redeployed). Each becomes an error the user can retry, keeping the text it
 * had, with the time it ran as its duration (which also marks its usage as accounted for, see
 * SAVE_ANSWER). The partial index on streaming rows keeps this cheap however big the table is.
 * Returns what the sweep needs to account for the answer's usage.
 * $1 error message, $2 threshold in milliseconds.
 */
export const MARK_INTERRUPTED = namedStatement(
  "chat.mark-interrupted",
  `UPDATE "Message" m SET "status" = 'error', "error" = $1, "finishReason" = 'interrupted',
     "parts" = CASE WHEN m."text" = '' THEN '[]'::jsonb
                    ELSE jsonb_build_array(jsonb_build_object('type', 'text', 'text', m."text")) END,
     "searchVector" = to_tsvector('simple', m."text"),
     "durationMs" = greatest(0, round(extract(epoch FROM m."updatedAt" - m."createdAt") * 1000))::int,
     "updatedAt" = ${NOW}
   FROM "Conversation" c
   WHERE m."status" = 'streaming' AND m."updatedAt" < ${NOW} - make_interval(secs => $2::float8 / 1000)
     AND c."id" = m."conversationId"
   RETURNING m."id", m."text", m."modelId", c."userId", c."source"::text AS "source"`,
);

/**
 * The text of an answer the sweep closed, when its live record (Redis) holds more than its last save:
 * up to a second more of what its instance had generated before it died. Only a row still closed as
 * interrupted with the text it was closed with. $1 answer id, $2 text as closed, $3 recovered text.
 */
export const SET_RECOVERED_TEXT = namedStatement(
  "chat.set-recovered-text",
  `UPDATE "Message" SET "text" = $3,
     "parts" = jsonb_build_array(jsonb_build_object('type', 'text', 'text', $3::text)),
     "searchVector" = to_tsvector('simple', $3)
   WHERE "id" = $1::uuid AND "finishReason" = 'interrupted' AND "text" = $2`,
);

/**
 * The usage the sweep estimated for an answer it closed. $1 answer id, $2 input tokens, $3 cached
 * input tokens, $4 output tokens, $5 cost in USD.
 */
export const SET_SWEPT_USAGE = namedStatement(
  "chat.set-swept-usage",
  `UPDATE "Message" SET "inputTokens" = $2::int, "cachedInputTokens" = $3::int, "outputTokens" = $4::int,
     "tokensEstimated" = true, "costUsd" = $5::float8
   WHERE "id" = $1::uuid`,
);
