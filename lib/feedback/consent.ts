// The one rule that decides whether a rating and its conversation may become training data. Export and
// the admin console both call it (as a function on loaded rows, or as the equivalent database filter),
// so a conversation can never be shown as usable in one place and skipped in the other.
import type { Prisma } from "../db/generated/client";

export type TrainingFacts = {
  /** The conversation was a temporary chat. */
  temporary: boolean;
  /** The conversation was deleted by its owner (hidden now, purged after the undo window). */
  deleted: boolean;
  /** The owner's "Use my conversations to improve models" switch, read now — not when they chatted. */
  userConsent: boolean;
  /** The rating's review status, when a rating is being judged; excluded = an admin took it out. */
  reviewStatus?: "pending" | "reviewed" | "excluded";
};

export type TrainingExclusion = "temporary" | "consent_off" | "deleted" | "excluded";

export const EXCLUSION_LABELS: Record<TrainingExclusion, string> = {
  temporary: "Temporary chat",
  consent_off: "The user turned off “Use my conversations to improve models”",
  deleted: "Deleted by the user",
  excluded: "Excluded from training by an admin",
};

export type TrainingUse = { usable: boolean; exclusions: TrainingExclusion[] };

export function trainingUse(facts: TrainingFacts): TrainingUse {
  const exclusions: TrainingExclusion[] = [];
  if (facts.temporary) exclusions.push("temporary");
  if (!facts.userConsent) exclusions.push("consent_off");
  if (facts.deleted) exclusions.push("deleted");
  if (facts.reviewStatus === "excluded") exclusions.push("excluded");
  return { usable: exclusions.length === 0, exclusions };
}

/**
 * The same rule as a filter on Feedback rows, for queries that must not load what they would drop.
 * A deleted user needs no clause: their rows are gone (cascade).
 */
export function usableFeedbackWhere(): Prisma.FeedbackWhereInput {
  return {
    reviewStatus: { not: "excluded" },
    conversation: { temporary: false, deletedAt: null, user: { trainingConsent: true } },
  };
}

/** The same rule for conversations (no review status involved). */
export function usableConversationWhere(): Prisma.ConversationWhereInput {
  return { temporary: false, deletedAt: null, user: { trainingConsent: true } };
}
