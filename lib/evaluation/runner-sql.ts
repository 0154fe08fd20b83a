import "server-only";
import { namedStatement } from "../db/named-statement";

// The held-out replay runner's statements (lib/evaluation/runner.ts): the lease that lets one
// instance run an evaluation at a time, and the writes of each replayed prompt.

const NOW = `(now() AT TIME ZONE 'UTC')`;
const CLOCK = `(clock_timestamp() AT TIME ZONE 'UTC')`;

export type ClaimedEvaluation = { id: string };

/**
 * Takes the oldest evaluation to run (pending, or running with an expired lease: its instance died)
 * for $1 (this instance) for $2 milliseconds, and marks it running. SKIP LOCKED: two instances asking
 * at once take different evaluations, or one of them none.
 */
export const CLAIM_EVALUATION = namedStatement(
  "evaluation.claim",
  `UPDATE "Evaluation" e SET "status" = 'running', "leaseOwner" = $1,
     "leaseUntil" = ${NOW} + make_interval(secs => $2::float8 / 1000), "updatedAt" = ${NOW}
   WHERE e."id" = (
     SELECT "id" FROM "Evaluation"
      WHERE "status" IN ('pending', 'running') AND ("leaseUntil" IS NULL OR "leaseUntil" < ${NOW})
      ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
   RETURNING e."id"`,
);

/**
 * Extends $1's lease held by $2 by $3 milliseconds while it is still running; no row: cancelled, or
 * the lease was lost, and the runner stops taking prompts.
 */
export const RENEW_LEASE = namedStatement(
  "evaluation.renew-lease",
  `UPDATE "Evaluation" SET "leaseUntil" = ${NOW} + make_interval(secs => $3::float8 / 1000)
   WHERE "id" = $1::uuid AND "leaseOwner" = $2 AND "status" = 'running'
   RETURNING "id"`,
);

/** Ends $1's run held by $2 with status $3 and error $4 (null keeps none); the lease is released. */
export const FINISH_RUN = namedStatement(
  "evaluation.finish-run",
  `UPDATE "Evaluation" SET "status" = $3, "error" = $4, "leaseOwner" = NULL, "leaseUntil" = NULL,
     "finishedAt" = CASE WHEN $3 IN ('done', 'stopped', 'failed') THEN ${NOW} ELSE "finishedAt" END,
     "updatedAt" = ${NOW}
   WHERE "id" = $1::uuid AND "leaseOwner" = $2 AND "status" = 'running'`,
);

/** Adds $2 USD to $1's spending; returns the new total and whether it was cancelled meanwhile. */
export const ADD_SPENT = namedStatement(
  "evaluation.add-spent",
  `UPDATE "Evaluation" SET "spentUsd" = "spentUsd" + $2::float8, "updatedAt" = ${NOW}
   WHERE "id" = $1::uuid RETURNING "spentUsd", "status"`,
);

/**
 * Stores a prompt as a new conversation with source `evaluation`, owned by $2 (the admin who
 * created the evaluation), with its messages as a chain, one millisecond apart so that creation
 * order is chain order. $1 conversation id, $2 owner, $3 title, $4 model id, $5 system prompt,
 * $6 message ids, $7 their parents, $8 their roles, $9 their texts.
 */
export const WRITE_PROMPT = namedStatement(
  "evaluation.write-prompt",
  `WITH base AS MATERIALIZED (SELECT ${CLOCK} AS "at"),
   conv AS (
     INSERT INTO "Conversation" ("id", "userId", "title", "modelId", "systemPrompt", "temporary", "source",
                                 "currentLeafId", "createdAt", "updatedAt")
     SELECT $1::uuid, $2::uuid, $3, $4, $5, false, 'evaluation', ($6::uuid[])[cardinality($6::uuid[])],
            ${NOW}, ${NOW}
     FROM "User" WHERE "id" = $2::uuid
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
   )
   SELECT (SELECT count(*)::int FROM written) AS "written"`,
);

/**
 * One answer row (`streaming`) under the prompt message $3 of conversation $2, made by model $4 of
 * provider $5 with params $6 (JSON): runTurn then streams into it and saves it. $1 answer id.
 */
export const WRITE_ANSWER_ROW = namedStatement(
  "evaluation.write-answer-row",
  `INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "status", "modelId", "provider",
                          "params", "createdAt", "updatedAt")
   VALUES ($1::uuid, $2::uuid, $3::uuid, 'assistant', 'streaming', $4, $5, $6::jsonb, ${CLOCK}, ${NOW})
   RETURNING "createdAt"`,
);

/**
 * Cancelling: the answers of $1's conversations still streaming are stopped, which the instance
 * generating them notices at its next save (lib/chat/stream-turn.ts) and aborts the model call.
 */
export const STOP_EVALUATION_ANSWERS = namedStatement(
  "evaluation.stop-answers",
  `UPDATE "Message" m SET "status" = 'stopped', "finishReason" = 'stop-requested', "updatedAt" = ${NOW}
   FROM "EvaluationItem" i
   WHERE i."evaluationId" = $1::uuid AND m."conversationId" = i."conversationId"
     AND m."status" = 'streaming'`,
);

/** Lets go of $1's lease held by $2 (a shutdown): the next claim, anywhere, continues at once. */
export const RELEASE_LEASE = namedStatement(
  "evaluation.release-lease",
  `UPDATE "Evaluation" SET "leaseOwner" = NULL, "leaseUntil" = NULL
   WHERE "id" = $1::uuid AND "leaseOwner" = $2`,
);
