// Step 1 of a conversation's items: which of the owner's ratings and corrections count. An excluded
// rating (admin) removes its answer from every signal; a rating of a missing message or of a
// question, and a correction of an answer nobody rated, are left out with their reason.
import { byTimeThenId, iso } from "./iso-time";
import type {
  ConversationSnapshot,
  Skip,
  SnapshotCorrection,
  SnapshotFeedback,
  SnapshotMessage,
} from "./snapshot";

export type UsableEvidence = {
  messages: Map<string, SnapshotMessage>;
  /** The usable rating of each rated answer (the first by feedback id, should there be two). */
  ratings: Map<string, SnapshotFeedback>;
  /** Answers whose rating an admin excluded. */
  excluded: Set<string>;
  /** The newest correction of each corrected answer. */
  corrections: Map<string, SnapshotCorrection>;
};

export function usableEvidence(snapshot: ConversationSnapshot, skipped: Skip[]): UsableEvidence {
  const messages = new Map(snapshot.messages.map((message) => [message.id, message]));
  const ratings = new Map<string, SnapshotFeedback>();
  const excluded = new Set<string>();
  for (const feedback of [...snapshot.feedback].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (feedback.reviewStatus === "excluded") {
      excluded.add(feedback.messageId);
      skipped.push({ reason: "excluded_rating", id: feedback.id });
      continue;
    }
    const message = messages.get(feedback.messageId);
    if (!message) skipped.push({ reason: "missing_message", id: feedback.id });
    else if (message.role !== "assistant") skipped.push({ reason: "not_an_answer", id: feedback.id });
    else if (!ratings.has(feedback.messageId)) ratings.set(feedback.messageId, feedback);
  }

  const corrections = new Map<string, SnapshotCorrection>();
  for (const correction of snapshot.corrections) {
    const current = corrections.get(correction.messageId);
    const newer =
      !current ||
      byTimeThenId(
        { at: iso(current.createdAt), id: current.id },
        { at: iso(correction.createdAt), id: correction.id },
      ) < 0;
    if (newer) corrections.set(correction.messageId, correction);
  }
  for (const [messageId, correction] of corrections) {
    if (!ratings.has(messageId) && !excluded.has(messageId)) {
      skipped.push({ reason: "correction_without_rating", id: correction.id });
    }
  }
  return { messages, ratings, excluded, corrections };
}
