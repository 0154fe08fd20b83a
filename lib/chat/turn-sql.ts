import "server-only";
import { namedStatement } from "../db/named-statement";
import { minuteHitSql, retryAfterSql } from "../rate-limit/minute-window-sql";

// The statements a chat turn runs before its first token (lib/chat/prepare-turn.ts). Every one is a
// named prepared statement on the pool (parsed and planned once per connection), and each combines
// what used to be several Prisma queries: the user check, the rate limit and the writes of a new chat
// are one round trip. That is most of a new chat's time to first token (docs/benchmarks.md).

const RETRY_AFTER = retryAfterSql("counter");

// Times are stored as UTC in columns without a time zone (as Prisma writes them), whatever the
// session's time zone; read back as timestamptz so that `pg` gives the right instant.
const NOW = `(now() AT TIME ZONE 'UTC')`;
const CLOCK = `(clock_timestamp() AT TIME ZONE 'UTC')`;

// An answer is created a millisecond after its question at least (timestamps keep milliseconds), so
// ordering by creation time never puts an answer before the message it answers.
const AFTER_QUESTION = `greatest(${CLOCK}, (SELECT "createdAt" FROM question) + interval '1 millisecond')`;

// A message id that exists already (the same message sent twice) writes nothing and says so in
// `duplicate`, rather than failing on the primary key: a failed statement can drop the embedded
// database's only connection (PGlite's socket server), and a resend is an expected event anyway.
// ON CONFLICT rather than a NOT EXISTS check, which two concurrent requests would both pass: the
// second then waits for the first on the primary key and writes nothing.

export type NewChatRow = {
  found: number;
  allowed: number;
  retryAfter: number | null;
  duplicate: boolean;
  systemPrompt: string | null;
  answerCreatedAt: Date | null;
};

/**
 * A new chat's first message: check the user, count the message, and (within the limit) create the
 * conversation with the user's custom instructions as its system prompt, the question and the
 * answer's row, in one statement.
 * $1 user, $2 rate-limit key, $3 limit per minute, $4 conversation id, $5 title, $6 model id,
 * $7 temporary, $8 question id, $9 question text, $10 question parts, $11 answer id, $12 provider,
 * $13 answer params.
 */
export const NEW_CHAT = namedStatement(
  "chat.new-chat",
  `
  WITH u AS (
    SELECT "id", "customInstructions" FROM "User" WHERE "id" = $1::uuid AND "disabledAt" IS NULL
  ),
  counter AS (${minuteHitSql("$2", "u")}),
  ok AS (SELECT u.* FROM u, counter WHERE counter."count" <= $3),
  question AS (
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "parts", "text", "searchVector",
                           "createdAt", "updatedAt")
    SELECT $8::uuid, $4::uuid, NULL, 'user', $10::jsonb, $9, to_tsvector('simple', $9), ${CLOCK}, ${NOW}
    FROM ok
    ON CONFLICT ("id") DO NOTHING
    RETURNING "createdAt"
  ),
  conv AS (
    INSERT INTO "Conversation" ("id", "userId", "title", "modelId", "systemPrompt", "temporary",
                                "currentLeafId", "createdAt", "updatedAt")
    SELECT $4::uuid, ok."id", $5, $6, ok."customInstructions", $7, $11::uuid, ${NOW}, ${NOW}
    FROM ok, question
    RETURNING "systemPrompt"
  ),
  answer AS (
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "status", "modelId", "provider",
                           "params", "createdAt", "updatedAt")
    SELECT $11::uuid, $4::uuid, $8::uuid, 'assistant', 'streaming', $6, $12, $13::jsonb, ${AFTER_QUESTION}, ${NOW}
    FROM question
    RETURNING "createdAt"
  )
  SELECT
    (SELECT count(*)::int FROM u) AS "found",
    (SELECT count(*)::int FROM ok) AS "allowed",
    ${RETRY_AFTER} AS "retryAfter",
    (SELECT count(*)::int FROM ok) > (SELECT count(*)::int FROM question) AS "duplicate",
    (SELECT "systemPrompt" FROM conv) AS "systemPrompt",
    (SELECT "createdAt" AT TIME ZONE 'UTC' FROM answer) AS "answerCreatedAt"`,
);

export type AdmitRow = {
  found: number;
  allowed: number;
  retryAfter: number | null;
  conversationFound: number;
  title: string | null;
  modelId: string | null;
  systemPrompt: string | null;
  targetRole: "user" | "assistant" | "system" | null;
};

/**
 * A turn in an existing conversation, first step: check the user, count the message, and read the
 * conversation (the caller's own, not deleted) and the message the turn hangs from.
 * $1 user, $2 rate-limit key, $3 limit per minute, $4 conversation id, $5 parent or question id.
 */
export const ADMIT_TURN = namedStatement(
  "chat.admit-turn",
  `
  WITH u AS (SELECT "id" FROM "User" WHERE "id" = $1::uuid AND "disabledAt" IS NULL),
  counter AS (${minuteHitSql("$2", "u")}),
  conv AS (
    SELECT c."id", c."title", c."modelId", c."systemPrompt" FROM "Conversation" c
    WHERE c."id" = $4::uuid AND c."userId" = $1::uuid AND c."deletedAt" IS NULL
  )
  SELECT
    (SELECT count(*)::int FROM u) AS "found",
    (SELECT count(*)::int FROM counter WHERE "count" <= $3) AS "allowed",
    ${RETRY_AFTER} AS "retryAfter",
    (SELECT count(*)::int FROM conv) AS "conversationFound",
    (SELECT "title" FROM conv) AS "title",
    (SELECT "modelId" FROM conv) AS "modelId",
    (SELECT "systemPrompt" FROM conv) AS "systemPrompt",
    (SELECT m."role"::text FROM "Message" m JOIN conv ON m."conversationId" = conv."id"
      WHERE m."id" = $5::uuid) AS "targetRole"`,
);

/**
 * A turn in an existing conversation, second step: the question (for a submit; none for a
 * regenerate), the answer's row under it, and the conversation's branch pointer and model. A question
 * id that exists already writes nothing (answerCreatedAt null).
 * $1 conversation id, $2 user, $3 question id (null for a regenerate), $4 the question's parent (a
 * submit) or the question answered again (a regenerate), $5 question text, $6 question parts,
 * $7 answer id, $8 model id, $9 provider, $10 answer params.
 */
export const WRITE_TURN = namedStatement(
  "chat.write-turn",
  `
  WITH question AS (
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "parts", "text", "searchVector",
                           "createdAt", "updatedAt")
    SELECT $3::uuid, $1::uuid, $4::uuid, 'user', $6::jsonb, $5, to_tsvector('simple', $5), ${CLOCK}, ${NOW}
    WHERE $3::uuid IS NOT NULL
    ON CONFLICT ("id") DO NOTHING
    RETURNING "id", "createdAt"
  ),
  answer AS (
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "status", "modelId", "provider",
                           "params", "createdAt", "updatedAt")
    SELECT $7::uuid, $1::uuid, coalesce((SELECT "id" FROM question), $4::uuid), 'assistant', 'streaming',
           $8, $9, $10::jsonb, ${AFTER_QUESTION}, ${NOW}
    WHERE $3::uuid IS NULL OR EXISTS (SELECT 1 FROM question)
    RETURNING "createdAt"
  ),
  leaf AS (
    UPDATE "Conversation" SET "currentLeafId" = $7::uuid, "modelId" = $8, "updatedAt" = ${NOW}
    WHERE "id" = $1::uuid AND "userId" = $2::uuid AND EXISTS (SELECT 1 FROM answer)
  )
  SELECT (SELECT "createdAt" AT TIME ZONE 'UTC' FROM answer) AS "answerCreatedAt"`,
);

/**
 * The branch from the conversation's root down to a message, oldest first: the context of a turn.
 * Walks up the parent links (an index lookup per message) instead of loading every branch.
 * $1 conversation id, $2 the last message of the branch.
 */
export const BRANCH = namedStatement(
  "chat.branch",
  `
  WITH RECURSIVE path AS (
    SELECT "id", "parentId", "role", "text", 0 AS "depth" FROM "Message"
    WHERE "id" = $2::uuid AND "conversationId" = $1::uuid
    UNION ALL
    SELECT m."id", m."parentId", m."role", m."text", p."depth" + 1
    FROM path p JOIN "Message" m ON m."id" = p."parentId" AND m."conversationId" = $1::uuid
  )
  SELECT "role"::text AS "role", "text" FROM path WHERE "role" IN ('user', 'assistant') ORDER BY "depth" DESC`,
);
