// Preferences between sibling answers (two answers to the same question), from what the user did.
// Pure functions: the database code in comparisons.ts and rate.ts applies them.

export type Pair = {
  /** The pair, ordered, so that one pair of answers always maps to the same row. */
  answerAId: string;
  answerBId: string;
  /** One of the pair, or null for a tie. */
  preferredId: string | null;
};

export type Verdict = "better" | "worse" | "same";

export function orderedPair(x: string, y: string): { answerAId: string; answerBId: string } {
  return x < y ? { answerAId: x, answerBId: y } : { answerAId: y, answerBId: x };
}

/** "Is this response better or worse?" asked about `answerId` against the answer shown before it. */
export function pairFromVerdict(answerId: string, otherId: string, verdict: Verdict): Pair {
  const preferredId = verdict === "better" ? answerId : verdict === "worse" ? otherId : null;
  return { ...orderedPair(answerId, otherId), preferredId };
}

export type SiblingRating = { messageId: string; rating: "up" | "down" };

/**
 * Rating one answer up and a sibling down says the first is preferred. Equal ratings say nothing about
 * which is better (two good answers are not a tie the user chose), so they imply no pair.
 */
export function impliedPairs(ratings: SiblingRating[]): Pair[] {
  const ups = ratings.filter((r) => r.rating === "up");
  const downs = ratings.filter((r) => r.rating === "down");
  return ups.flatMap((up) =>
    downs
      .filter((down) => down.messageId !== up.messageId)
      .map((down) => ({ ...orderedPair(up.messageId, down.messageId), preferredId: up.messageId })),
  );
}

/** The chosen and rejected answer of a stored pair, in the vocabulary of preference datasets. */
export function chosenAndRejected(pair: Pair): { chosenId: string; rejectedId: string; tie: boolean } {
  if (pair.preferredId === null) return { chosenId: pair.answerAId, rejectedId: pair.answerBId, tie: true };
  const rejectedId = pair.preferredId === pair.answerAId ? pair.answerBId : pair.answerAId;
  return { chosenId: pair.preferredId, rejectedId, tie: false };
}
