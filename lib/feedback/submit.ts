import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import type { Actor } from "../auth/actor";
import { requireUser } from "../auth/actor";
import { submitFeedbackInput } from "./schemas";
import { countFeedbackWrite, syncImpliedPairs } from "./comparisons";
import type { MessageFeedback } from "./types";

/**
 * Saves the reasons and comment of the feedback panel, together with the rating they were written for
 * (so the panel still works when the rating was removed in another tab meanwhile). The comment is stored
 * as plain text and only ever rendered as text.
 */
export async function submitFeedback(actor: Actor, raw: unknown): Promise<MessageFeedback> {
  const user = await requireUser(actor);
  const { messageId, rating, reasons, comment } = parseInput(submitFeedbackInput, raw);
  const message = await db().message.findFirst({
    where: { id: messageId, role: "assistant", conversation: { userId: user.id, deletedAt: null } },
    select: {
      id: true,
      conversationId: true,
      parentId: true,
      modelId: true,
      provider: true,
      params: true,
      status: true,
    },
  });
  if (!message) throw notFound("Message not found.");
  if (message.status === "streaming") {
    throw new AppError("CONFLICT", "This answer is still being written. Rate it when it has finished.");
  }
  await countFeedbackWrite(user.id);
  const previous = await db().feedback.findUnique({
    where: { messageId_userId: { messageId: message.id, userId: user.id } },
    select: { rating: true, reviewStatus: true },
  });
  const changed = previous !== null && previous.rating !== rating;
  const saved = await db().feedback.upsert({
    where: { messageId_userId: { messageId: message.id, userId: user.id } },
    create: {
      messageId: message.id,
      userId: user.id,
      conversationId: message.conversationId,
      rating,
      reasons,
      comment,
      modelId: message.modelId,
      provider: message.provider,
      params: message.params ?? undefined,
    },
    update: {
      rating,
      reasons,
      comment,
      ...(changed && previous.reviewStatus === "reviewed" ? { reviewStatus: "pending" as const } : {}),
    },
    select: { rating: true, reasons: true, comment: true },
  });
  if ((previous === null || changed) && message.parentId) {
    await syncImpliedPairs({
      userId: user.id,
      conversationId: message.conversationId,
      promptId: message.parentId,
      messageId: message.id,
    });
  }
  return saved;
}
