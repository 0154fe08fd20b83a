import "server-only";
import { namedStatement } from "../db/named-statement";

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
 * which is the most complete there is. Returns the final status and error, which the browser is told.
 * $1 answer id, $2 text, $3 parts, $4 status, $5 error, $6 finish reason, $7 input tokens,
 * $8 output tokens, $9 time to first token, $10 duration.
 */
export const SAVE_ANSWER = namedStatement(
  "chat.save-answer",
  `UPDATE "Message" SET "text" = $2, "parts" = $3::jsonb, "searchVector" = to_tsvector('simple', $2),
     "status" = CASE WHEN "status" = 'streaming' THEN $4::"MessageStatus" ELSE "status" END,
     "error" = CASE WHEN "status" = 'streaming' THEN $5 ELSE "error" END,
     "finishReason" = CASE WHEN "status" = 'streaming' THEN $6 ELSE coalesce("finishReason", $6) END,
     "inputTokens" = $7, "outputTokens" = $8, "timeToFirstTokenMs" = $9, "durationMs" = $10,
     "updatedAt" = ${NOW}
   WHERE "id" = $1::uuid
   RETURNING "status"::text AS "status", "error"`,
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
 * had. The partial index on streaming rows keeps this cheap however big the table is.
 * $1 error message, $2 threshold in milliseconds.
 */
export const MARK_INTERRUPTED = namedStatement(
  "chat.mark-interrupted",
  `UPDATE "Message" SET "status" = 'error', "error" = $1, "finishReason" = 'interrupted',
     "parts" = CASE WHEN "text" = '' THEN '[]'::jsonb
                    ELSE jsonb_build_array(jsonb_build_object('type', 'text', 'text', "text")) END,
     "searchVector" = to_tsvector('simple', "text"), "updatedAt" = ${NOW}
   WHERE "status" = 'streaming' AND "updatedAt" < ${NOW} - make_interval(secs => $2::float8 / 1000)
   RETURNING "id"`,
);
