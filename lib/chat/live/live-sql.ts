import "server-only";
import { namedStatement } from "../../db/named-statement";

// What a resumed answer stream reads (lib/chat/live/resume-answer.ts): the answer, if it is the
// caller's, with how long its row has gone without a save (a live answer is saved or touched at least
// every few seconds, lib/chat/stream-turn.ts), its conversation's title, and whether it is one side of
// a blind arena vote still to be given (then nothing may name its model: docs/arena.md).

/** $1 answer id, $2 user id. */
export const READ_LIVE_ANSWER = namedStatement(
  "chat.read-live-answer",
  `SELECT m."id", m."parentId", m."conversationId", m."status"::text AS "status", m."error", m."text",
          m."modelId", m."createdAt" AT TIME ZONE 'UTC' AS "createdAt", m."inputTokens",
          m."cachedInputTokens", m."outputTokens", m."tokensEstimated", m."costUsd",
          m."timeToFirstTokenMs", m."durationMs", c."title",
          (extract(epoch FROM (now() AT TIME ZONE 'UTC') - m."updatedAt") * 1000)::float8 AS "silentMs",
          EXISTS (SELECT 1 FROM "ArenaBattle" b
                  WHERE b."promptId" = m."parentId" AND b."outcome" IS NULL
                    AND m."id" IN (b."answerAId", b."answerBId")) AS "blind"
   FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
   WHERE m."id" = $1::uuid AND m."role" = 'assistant' AND c."userId" = $2::uuid AND c."deletedAt" IS NULL`,
);

/**
 * The answers to one of the caller's questions (at most two are needed: one means a resent question
 * can follow it). $1 question id, $2 user id.
 */
export const ANSWERS_TO_QUESTION = namedStatement(
  "chat.answers-to-question",
  `SELECT m."id" FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
   WHERE m."parentId" = $1::uuid AND m."role" = 'assistant' AND c."userId" = $2::uuid AND c."deletedAt" IS NULL
   ORDER BY m."createdAt" DESC LIMIT 2`,
);
