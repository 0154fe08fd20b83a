// Step 4: one item per usable rating (with the answer's newest correction), and one per unrated answer
// that was compared explicitly — each in the order of its answer (time, then id).
import type { ComparedAnswerItem, RatingItem } from "../types";
import { answerMeta } from "./answer-meta";
import type { BranchHistories } from "./branch-histories";
import type { Outcome } from "./comparison-items";
import { byTimeThenId, iso } from "./iso-time";
import type { ConversationSnapshot } from "./snapshot";
import type { UsableEvidence } from "./usable-evidence";

type Sorted<T> = { at: string; id: string; item: T };
const inOrder = <T>(entries: Sorted<T>[]) => entries.sort(byTimeThenId).map((entry) => entry.item);

export function ratingItems(
  snapshot: ConversationSnapshot,
  evidence: UsableEvidence,
  histories: BranchHistories,
  inLaterLine: Set<string>,
): RatingItem[] {
  const { messages, ratings, corrections } = evidence;
  const entries: Sorted<RatingItem>[] = [];
  for (const [messageId, feedback] of ratings) {
    const message = messages.get(messageId)!;
    const correction = corrections.get(messageId);
    entries.push({
      at: iso(message.createdAt),
      id: messageId,
      item: {
        kind: "rating",
        conversationId: snapshot.conversationId,
        messageId,
        feedbackId: feedback.id,
        userKey: snapshot.userKey,
        rating: feedback.rating,
        reasons: [...feedback.reasons],
        comment: feedback.comment,
        review: {
          status: feedback.reviewStatus === "reviewed" ? "reviewed" : "pending",
          note: feedback.reviewNote,
          reviewedAt: feedback.reviewedAt === null ? null : iso(feedback.reviewedAt),
        },
        ratedAt: iso(feedback.createdAt),
        ratingUpdatedAt: iso(feedback.updatedAt),
        history: histories.history(histories.pathTo(messageId, false), messageId),
        answer: message.text,
        answerMeta: answerMeta(message, feedback),
        correction: correction
          ? { id: correction.id, text: correction.text, createdAt: iso(correction.createdAt) }
          : null,
        trainedInLaterLine: inLaterLine.has(messageId),
      },
    });
  }
  return inOrder(entries);
}

export function comparedAnswerItems(
  snapshot: ConversationSnapshot,
  evidence: UsableEvidence,
  histories: BranchHistories,
  outcomes: Map<string, Outcome>,
): ComparedAnswerItem[] {
  const entries: Sorted<ComparedAnswerItem>[] = [];
  for (const [messageId, outcome] of outcomes) {
    const message = evidence.messages.get(messageId)!;
    entries.push({
      at: iso(message.createdAt),
      id: messageId,
      item: {
        kind: "compared-answer",
        conversationId: snapshot.conversationId,
        messageId,
        userKey: snapshot.userKey,
        history: histories.history(histories.pathTo(messageId, false), messageId),
        answer: message.text,
        wins: outcome.wins,
        losses: outcome.losses,
      },
    });
  }
  return inOrder(entries);
}
