import "server-only";
import { namedStatement } from "../../db/named-statement";
import { minuteHitSql } from "../../rate-limit/minute-window-sql";

const NOW = `(now() AT TIME ZONE 'UTC')`;

export type StartArenaRow = { aCreatedAt: Date | null; bCreatedAt: Date | null };

/**
 * Turns a prepared chat turn into an arena turn, in one statement: the answer row the turn created
 * (A) gets the first drawn model, a sibling answer row (B, a millisecond younger so it sorts second)
 * the other, and the pending vote is stored. B counts as one more message against the chat's rate
 * limit. Nothing is written, and both dates are null, when the conversation is temporary (or not the
 * caller's) or that count is over the limit: the turn then goes on with its one answer.
 * $1 conversation, $2 user, $3 rate-limit key, $4 limit per minute, $5 question id, $6 A id,
 * $7 A model, $8 A provider, $9 A params, $10 B id, $11 B model, $12 B provider, $13 B params.
 */
export const START_ARENA = namedStatement(
  "arena.start",
  `
  WITH conv AS (
    SELECT "id" FROM "Conversation"
    WHERE "id" = $1::uuid AND "userId" = $2::uuid AND NOT "temporary" AND "deletedAt" IS NULL
  ),
  counter AS (${minuteHitSql("$3", "conv")}),
  ok AS (SELECT conv."id" FROM conv, counter WHERE counter."count" <= $4),
  a AS (
    UPDATE "Message" SET "modelId" = $7, "provider" = $8, "params" = $9::jsonb
    WHERE "id" = $6::uuid AND "conversationId" = $1::uuid AND "parentId" = $5::uuid
      AND "status" = 'streaming' AND EXISTS (SELECT 1 FROM ok)
    RETURNING "createdAt"
  ),
  b AS (
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "status", "modelId", "provider",
                           "params", "createdAt", "updatedAt")
    SELECT $10::uuid, $1::uuid, $5::uuid, 'assistant', 'streaming', $11, $12, $13::jsonb,
           a."createdAt" + interval '1 millisecond', ${NOW}
    FROM a
    RETURNING "createdAt"
  ),
  battle AS (
    INSERT INTO "ArenaBattle" ("conversationId", "promptId", "answerAId", "answerBId")
    SELECT $1::uuid, $5::uuid, $6::uuid, $10::uuid FROM b
  )
  SELECT (SELECT "createdAt" AT TIME ZONE 'UTC' FROM a) AS "aCreatedAt",
         (SELECT "createdAt" AT TIME ZONE 'UTC' FROM b) AS "bCreatedAt"`,
);
