import "server-only";
import { db, pool } from "../db/client";
import { env } from "../env";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { actorUserId, requireUser, type Actor } from "../auth/actor";
import { minuteHitSql, retryAfterSql } from "../rate-limit/minute-window-sql";
import { rateMessageInput } from "./schemas";
import { syncImpliedPairs } from "./comparisons";
import type { MessageFeedback } from "./types";

type Outcome = {
  found: number;
  allowed: number;
  retryAfter: number | null;
  rating: "up" | "down" | null;
  reasons: string[] | null;
  comment: string | null;
  conversationId: string | null;
  parentId: string | null;
  ratedSiblings: number;
};

// $1 message, $2 user, $3 rate-limit key, $4 limit per minute, $5 rating (null removes it).
const RATE_SQL = `
  WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true) AS "mode"),
  target AS (
    SELECT m."id", m."conversationId", m."parentId", m."modelId", m."provider", m."params"
    FROM "Message" m
    JOIN "Conversation" c ON c."id" = m."conversationId"
    JOIN "User" u ON u."id" = c."userId"
    WHERE m."id" = $1::uuid AND c."userId" = $2::uuid AND c."deletedAt" IS NULL
      AND u."disabledAt" IS NULL AND m."role" = 'assistant' AND m."status" <> 'streaming'
  ),
  counter AS (${minuteHitSql("$3", "target")}),
  allowed AS (SELECT target.* FROM target, counter WHERE counter."count" <= $4),
  saved AS (
    INSERT INTO "Feedback" ("messageId", "userId", "conversationId", "rating", "modelId", "provider",
                            "params", "updatedAt")
    SELECT a."id", $2::uuid, a."conversationId", $5::"Rating", a."modelId", a."provider", a."params", now()
    FROM allowed a WHERE $5::"Rating" IS NOT NULL
    ON CONFLICT ("messageId", "userId") DO UPDATE SET
      "rating" = EXCLUDED."rating",
      "reasons" = CASE WHEN "Feedback"."rating" = EXCLUDED."rating" THEN "Feedback"."reasons" ELSE '{}' END,
      "reviewStatus" = CASE WHEN "Feedback"."rating" <> EXCLUDED."rating"
                                 AND "Feedback"."reviewStatus" = 'reviewed'
                            THEN 'pending' ELSE "Feedback"."reviewStatus" END,
      "updatedAt" = now()
    RETURNING "rating", "reasons", "comment"
  ),
  removed AS (
    DELETE FROM "Feedback" f USING allowed a
    WHERE $5::"Rating" IS NULL AND f."messageId" = a."id" AND f."userId" = $2::uuid
    RETURNING f."id"
  )
  SELECT
    (SELECT "mode" FROM relaxed) AS "mode",
    (SELECT count(*)::int FROM target) AS "found",
    (SELECT count(*)::int FROM allowed) AS "allowed",
    ${retryAfterSql("counter")} AS "retryAfter",
    (SELECT "rating"::text FROM saved) AS "rating",
    (SELECT "reasons" FROM saved) AS "reasons",
    (SELECT "comment" FROM saved) AS "comment",
    (SELECT "conversationId"::text FROM target) AS "conversationId",
    (SELECT "parentId"::text FROM target) AS "parentId",
    (SELECT count(*)::int FROM "Message" s
      JOIN target t ON s."parentId" = t."parentId"
      JOIN "Feedback" sf ON sf."messageId" = s."id" AND sf."userId" = $2::uuid
      WHERE s."id" <> t."id" AND s."role" = 'assistant') AS "ratedSiblings"`;

/**
 * Sets (or, with rating null, removes) the caller's rating of an assistant answer in one of their own
 * conversations. Idempotent: it writes the desired state, so a double click or a retried request
 * changes nothing more. Changing the rating clears the reasons (they belong to the old rating) and sends
 * an already reviewed rating back to review.
 *
 * This is the hottest write in the product (people click thumbs quickly, and the feedback table is the
 * biggest one), so it is built for speed (docs/feedback.md, "Speed"):
 * - the ownership check, the rate limit and the write are one statement: one round trip, not four;
 * - it is a named prepared statement, parsed and planned once per connection (planning this statement
 *   costs more than running it), which is why it goes to the pool and not through Prisma;
 * - it commits asynchronously (synchronous_commit off for this transaction only): a crash of the
 *   database server may lose the last fraction of a second of ratings, never corrupt them, and the
 *   rating does not wait for a disk flush. Messages and everything else stay fully durable.
 * Only a refusal takes a second query, to say why.
 */
export async function rateMessage(actor: Actor, raw: unknown): Promise<MessageFeedback | null> {
  const userId = actorUserId(actor);
  const { messageId, rating } = parseInput(rateMessageInput, raw);
  const limit = env().FEEDBACK_RATE_LIMIT_PER_MINUTE;
  const { rows } = await pool().query<Outcome>({
    name: "feedback.rate",
    text: RATE_SQL,
    values: [messageId, userId, `feedback:${userId}`, limit, rating],
  });
  const outcome = rows[0];
  if (!outcome || outcome.found === 0) throw await whyNotRatable(actor, messageId);
  if (outcome.allowed === 0) {
    const seconds = Math.max(1, outcome.retryAfter ?? 60);
    throw new AppError("RATE_LIMITED", `Too many ratings. Try again in ${seconds} s.`, undefined, seconds);
  }
  // Only an answer with a sibling this user rated can be part of a rating-implied preference (or
  // have one to withdraw); most have none and stop here, one round trip in all.
  if (outcome.ratedSiblings > 0 && outcome.conversationId && outcome.parentId) {
    await syncImpliedPairs({
      userId,
      conversationId: outcome.conversationId,
      promptId: outcome.parentId,
      messageId,
    });
  }
  if (rating === null) return null;
  return { rating, reasons: outcome.reasons ?? [], comment: outcome.comment ?? "" };
}

/** Explains a refused rating; the rare path, so it may cost a query or two. */
async function whyNotRatable(actor: Actor, messageId: string): Promise<AppError> {
  const user = await requireUser(actor).catch((error: unknown) => error);
  if (user instanceof AppError) return user;
  const message = await db().message.findFirst({
    where: {
      id: messageId,
      role: "assistant",
      conversation: { userId: actor!.userId, deletedAt: null },
    },
    select: { status: true },
  });
  if (message?.status === "streaming") {
    return new AppError("CONFLICT", "This answer is still being written. Rate it when it has finished.");
  }
  return notFound("Message not found.");
}
