import "server-only";
import { db, pool } from "../db/client";
import { env } from "../env";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { actorUserId, requireUser, type Actor } from "../auth/actor";
import { rateMessageInput } from "./schemas";
import { syncImpliedPairs } from "./comparisons";
import { RATE_MESSAGE } from "./feedback-sql";
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
    ...RATE_MESSAGE,
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
