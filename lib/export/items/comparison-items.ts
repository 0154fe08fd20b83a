// Step 2: the owner's comparisons, oldest first. A comparison must be between two sibling answers to
// the same question; one with an excluded answer is skipped, and a pair implied by ratings only
// counts while both ratings still say so (one up, one down). Explicit and arena outcomes of answers the
// user did not rate are tallied (a "both are bad" vote as a loss for each): those answers become
// compared-answer items (compared-answer-items.ts).
import type { ComparedAnswer, ComparisonItem } from "../types";
import { answerMeta } from "./answer-meta";
import type { BranchHistories } from "./branch-histories";
import { byTimeThenId, iso } from "./iso-time";
import type { ConversationSnapshot, Skip, SnapshotComparison, SnapshotMessage } from "./snapshot";
import type { UsableEvidence } from "./usable-evidence";

/** Explicit wins and losses of an answer the user did not rate. */
export type Outcome = { wins: number; losses: number };

type Preferred = "a" | "b" | null;

/** Which answer was preferred; undefined when `preferredId` is neither of the two. */
function preferredOf(
  comparison: SnapshotComparison,
  a: SnapshotMessage,
  b: SnapshotMessage,
): Preferred | undefined {
  if (comparison.preferredId === null) return null;
  if (comparison.preferredId === a.id) return "a";
  return comparison.preferredId === b.id ? "b" : undefined;
}

function areSiblingAnswers(prompt: SnapshotMessage, a: SnapshotMessage, b: SnapshotMessage): boolean {
  return (
    prompt.role === "user" &&
    a.role === "assistant" &&
    b.role === "assistant" &&
    a.parentId === prompt.id &&
    b.parentId === prompt.id &&
    a.id !== b.id
  );
}

function tally(outcomes: Map<string, Outcome>, answerId: string, won: boolean): void {
  const outcome = outcomes.get(answerId) ?? { wins: 0, losses: 0 };
  if (won) outcome.wins += 1;
  else outcome.losses += 1;
  outcomes.set(answerId, outcome);
}

export function comparisonItems(
  snapshot: ConversationSnapshot,
  evidence: UsableEvidence,
  histories: BranchHistories,
  skipped: Skip[],
): { comparisons: ComparisonItem[]; outcomes: Map<string, Outcome> } {
  const { messages, ratings, excluded } = evidence;
  const comparisons: ComparisonItem[] = [];
  const outcomes = new Map<string, Outcome>();
  const compared = (message: SnapshotMessage, rating: "up" | "down" | null): ComparedAnswer => ({
    messageId: message.id,
    content: message.text,
    rating,
    meta: answerMeta(message, ratings.get(message.id)),
  });
  const sorted = [...snapshot.comparisons]
    .map((comparison) => ({ comparison, at: iso(comparison.createdAt), id: comparison.id }))
    .sort(byTimeThenId)
    .map(({ comparison }) => comparison);
  for (const comparison of sorted) {
    const prompt = messages.get(comparison.promptId);
    const a = messages.get(comparison.answerAId);
    const b = messages.get(comparison.answerBId);
    if (!prompt || !a || !b) {
      skipped.push({ reason: "missing_message", id: comparison.id });
      continue;
    }
    const preferred = preferredOf(comparison, a, b);
    if (!areSiblingAnswers(prompt, a, b) || preferred === undefined) {
      skipped.push({ reason: "invalid_comparison", id: comparison.id });
      continue;
    }
    if (excluded.has(a.id) || excluded.has(b.id)) {
      skipped.push({ reason: "comparison_with_excluded_answer", id: comparison.id });
      continue;
    }
    const ratingA = ratings.get(a.id)?.rating ?? null;
    const ratingB = ratings.get(b.id)?.rating ?? null;
    if (comparison.source === "ratings") {
      const stillImplied =
        (preferred === "a" && ratingA === "up" && ratingB === "down") ||
        (preferred === "b" && ratingB === "up" && ratingA === "down");
      if (!stillImplied) {
        skipped.push({ reason: "stale_implied_comparison", id: comparison.id });
        continue;
      }
    } else if (preferred !== null) {
      const [winner, loser] = preferred === "a" ? [a, b] : [b, a];
      if (!ratings.has(winner.id)) tally(outcomes, winner.id, true);
      if (!ratings.has(loser.id)) tally(outcomes, loser.id, false);
    } else if (comparison.bothBad) {
      // "Both are bad" says each answer is bad, as a thumbs down would: a loss for each unrated one.
      for (const answer of [a, b]) if (!ratings.has(answer.id)) tally(outcomes, answer.id, false);
    }
    comparisons.push({
      kind: "comparison",
      conversationId: snapshot.conversationId,
      comparisonId: comparison.id,
      userKey: snapshot.userKey,
      promptId: prompt.id,
      history: histories.history(histories.pathTo(prompt.id, true)),
      a: compared(a, ratingA),
      b: compared(b, ratingB),
      preferred,
      ...(comparison.bothBad ? { bothBad: true } : {}),
      source: comparison.source,
      comparedAt: iso(comparison.createdAt),
      updatedAt: iso(comparison.updatedAt),
    });
  }
  return { comparisons, outcomes };
}
