// How one arena vote becomes stored comparisons (pairs of answers). Pure: lib/arena/vote.ts stores
// what this returns, and tests/unit/playground-vote.test.ts checks the mapping.
import { orderedPair, type Pair } from "../feedback/preferences";
import type { ArenaVote } from "./schemas";

/**
 * - best of k (k = 2: "A is better"): the winner preferred over each of the others, k − 1 pairs;
 *   nothing is said about the others among themselves;
 * - tie: every pair, none preferred;
 * - both (all) bad: every pair, none preferred, marked `bothBad`.
 */
export function votePairs(vote: Pick<ArenaVote, "answerIds" | "verdict" | "bestId">): {
  pairs: Pair[];
  bothBad: boolean;
} {
  const { answerIds, verdict, bestId } = vote;
  if (verdict === "best" && bestId) {
    return {
      pairs: answerIds
        .filter((id) => id !== bestId)
        .map((other) => ({ ...orderedPair(bestId, other), preferredId: bestId })),
      bothBad: false,
    };
  }
  const pairs: Pair[] = [];
  answerIds.forEach((x, i) => {
    for (const y of answerIds.slice(i + 1)) pairs.push({ ...orderedPair(x, y), preferredId: null });
  });
  return { pairs, bothBad: verdict === "both-bad" };
}
