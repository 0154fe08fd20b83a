import "server-only";
import { db } from "../db/client";
import { notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { trainingUse, type TrainingUse } from "../feedback/consent";
import { chosenAndRejected } from "../feedback/preferences";
import { recordAudit } from "../audit/record-audit";
import { branchPathSql } from "./feedback-detail-sql";
import { z } from "zod";
import { shownText } from "../chat/shown-text";

export type AdminMessage = {
  id: string;
  role: "system" | "user" | "assistant";
  text: string;
  modelId: string | null;
  createdAt: string;
  status: string;
};

export type FeedbackDetail = {
  id: string;
  createdAt: string;
  updatedAt: string;
  rating: "up" | "down";
  reasons: string[];
  comment: string;
  reviewStatus: "pending" | "reviewed" | "excluded";
  reviewNote: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  modelId: string | null;
  provider: string | null;
  params: unknown;
  user: { id: string; name: string; email: string; trainingConsent: boolean };
  conversation: { id: string; title: string; systemPrompt: string; temporary: boolean; deleted: boolean };
  trainingUse: TrainingUse;
  /** The branch from the first message to the rated answer (never other branches). */
  path: AdminMessage[];
  answer: AdminMessage & {
    inputTokens: number | null;
    outputTokens: number | null;
    timeToFirstTokenMs: number | null;
    durationMs: number | null;
    finishReason: string | null;
    error: string | null;
  };
  /** Other answers to the same question (regenerations), with this user's rating of each. */
  siblings: (AdminMessage & { rating: "up" | "down" | null })[];
  comparisons: {
    otherId: string;
    outcome: "preferred" | "rejected" | "tie" | "both-bad";
    source: string;
  }[];
  /** Newest first; the first is the current correction. */
  corrections: { id: string; text: string; createdAt: string; author: string }[];
};

type PathRow = AdminMessage & { createdAt: Date; depth: number };

/** What the detail shows of the rated answer and of its siblings. */
const answerColumns = {
  id: true,
  role: true,
  text: true,
  modelId: true,
  createdAt: true,
  status: true,
} as const;

/**
 * Everything the review page shows about one rating: the conversation up to the rated answer, its
 * sibling versions, the rating, the model and its parameters, usage, timings, consent, and the
 * correction history. Admins read conversations only this way; each read is written to the audit log.
 */
export async function getFeedbackDetail(actor: Actor, feedbackId: string): Promise<FeedbackDetail> {
  const admin = await requireAdmin(actor);
  const id = parseInput(z.uuid("Unknown feedback."), feedbackId);
  const feedback = await db().feedback.findUnique({
    where: { id },
    include: {
      user: { select: { id: true, name: true, email: true, trainingConsent: true } },
      conversation: {
        select: { id: true, title: true, systemPrompt: true, temporary: true, deletedAt: true },
      },
      message: {
        select: {
          ...answerColumns,
          parentId: true,
          inputTokens: true,
          outputTokens: true,
          timeToFirstTokenMs: true,
          durationMs: true,
          finishReason: true,
          error: true,
        },
      },
    },
  });
  if (!feedback) throw notFound("Feedback not found.");
  const { message, user, conversation } = feedback;
  const [path, siblings, comparisons, corrections, reviewer] = await Promise.all([
    db().$queryRaw<PathRow[]>(branchPathSql(message.id)),
    message.parentId
      ? db().message.findMany({
          where: { parentId: message.parentId, role: "assistant", id: { not: message.id } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: {
            ...answerColumns,
            feedback: { where: { userId: user.id }, select: { rating: true } },
          },
        })
      : Promise.resolve([]),
    db().comparison.findMany({
      where: { userId: user.id, OR: [{ answerAId: message.id }, { answerBId: message.id }] },
      select: { answerAId: true, answerBId: true, preferredId: true, bothBad: true, source: true },
    }),
    db().correction.findMany({
      where: { messageId: message.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, text: true, createdAt: true, author: { select: { email: true } } },
    }),
    feedback.reviewedById
      ? db().user.findUnique({ where: { id: feedback.reviewedById }, select: { email: true } })
      : Promise.resolve(null),
  ]);
  await recordAudit(db(), admin, {
    action: "conversation.view",
    targetType: "feedback",
    targetId: feedback.id,
    details: { conversationId: conversation.id },
  });
  const toAdminMessage = (row: {
    id: string;
    role: string;
    text: string;
    modelId: string | null;
    createdAt: Date;
    status: string;
  }): AdminMessage => ({
    id: row.id,
    role: row.role as AdminMessage["role"],
    text: shownText(row.text),
    modelId: row.modelId,
    createdAt: row.createdAt.toISOString(),
    status: row.status,
  });
  return {
    id: feedback.id,
    createdAt: feedback.createdAt.toISOString(),
    updatedAt: feedback.updatedAt.toISOString(),
    rating: feedback.rating,
    reasons: feedback.reasons,
    comment: feedback.comment,
    reviewStatus: feedback.reviewStatus,
    reviewNote: feedback.reviewNote,
    reviewedAt: feedback.reviewedAt?.toISOString() ?? null,
    reviewedBy: reviewer?.email ?? null,
    modelId: feedback.modelId,
    provider: feedback.provider,
    params: feedback.params,
    user,
    conversation: {
      id: conversation.id,
      title: conversation.title,
      systemPrompt: conversation.systemPrompt,
      temporary: conversation.temporary,
      deleted: conversation.deletedAt !== null,
    },
    trainingUse: trainingUse({
      temporary: conversation.temporary,
      deleted: conversation.deletedAt !== null,
      userConsent: user.trainingConsent,
      reviewStatus: feedback.reviewStatus,
    }),
    path: path.map(toAdminMessage),
    answer: {
      ...toAdminMessage(message),
      inputTokens: message.inputTokens,
      outputTokens: message.outputTokens,
      timeToFirstTokenMs: message.timeToFirstTokenMs,
      durationMs: message.durationMs,
      finishReason: message.finishReason,
      error: message.error,
    },
    siblings: siblings.map((row) => ({ ...toAdminMessage(row), rating: row.feedback[0]?.rating ?? null })),
    comparisons: comparisons.map((pair) => {
      const { chosenId, rejectedId, tie } = chosenAndRejected(pair);
      const otherId = chosenId === message.id ? rejectedId : chosenId;
      const outcome = pair.bothBad
        ? "both-bad"
        : tie
          ? "tie"
          : chosenId === message.id
            ? "preferred"
            : "rejected";
      return { otherId, outcome, source: pair.source };
    }),
    corrections: corrections.map((row) => ({
      id: row.id,
      text: row.text,
      createdAt: row.createdAt.toISOString(),
      author: row.author?.email ?? "deleted admin",
    })),
  };
}
