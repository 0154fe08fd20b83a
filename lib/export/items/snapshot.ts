// One conversation as the database side reads it (source/conversation-batches.ts), and what the item
// builders may leave out of it. Times are Date objects or ISO strings (the database side reads strings).
import type { AnswerMeta, JsonValue, TurnRole } from "../types";

export type Time = Date | string;

export type SnapshotMessage = {
  id: string;
  parentId: string | null;
  role: TurnRole;
  /** Plain text of the message (Message.text). */
  text: string;
  modelId: string | null;
  provider: string | null;
  params: JsonValue | null;
  inputTokens: number | null;
  outputTokens: number | null;
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
  finishReason: string | null;
  status: AnswerMeta["status"];
  createdAt: Time;
};

export type SnapshotFeedback = {
  id: string;
  messageId: string;
  rating: "up" | "down";
  reasons: string[];
  comment: string;
  reviewStatus: "pending" | "reviewed" | "excluded";
  reviewNote: string;
  reviewedAt: Time | null;
  /** Frozen at rating time. */
  modelId: string | null;
  provider: string | null;
  params: JsonValue | null;
  createdAt: Time;
  updatedAt: Time;
};

export type SnapshotCorrection = { id: string; messageId: string; text: string; createdAt: Time };

export type SnapshotComparison = {
  id: string;
  promptId: string;
  answerAId: string;
  answerBId: string;
  preferredId: string | null;
  /** "Both are bad" (an arena vote): no preference, and a loss for each answer; absent = false. */
  bothBad?: boolean;
  source: "explicit" | "ratings" | "arena";
  createdAt: Time;
  updatedAt: Time;
};

/** One conversation that may be used for training (not temporary, not deleted, owner consents). */
export type ConversationSnapshot = {
  conversationId: string;
  /** The owner's pseudonymous key (lib/export/source/pseudonym.ts). */
  userKey: string;
  /** The system prompt in effect for the conversation; "" for none. */
  systemPrompt: string;
  /** Every message of the conversation, all branches. */
  messages: SnapshotMessage[];
  /** The owner's ratings, excluded ones included (so that their answers are left out everywhere). */
  feedback: SnapshotFeedback[];
  /** Corrections of the conversation's answers (all versions or only the newest per answer). */
  corrections: SnapshotCorrection[];
  /** The owner's comparisons. */
  comparisons: SnapshotComparison[];
};

export const SKIP_REASONS = [
  "excluded_rating",
  "missing_message",
  "not_an_answer",
  "correction_without_rating",
  "invalid_comparison",
  "comparison_with_excluded_answer",
  "stale_implied_comparison",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
export type Skip = { reason: SkipReason; id: string };
