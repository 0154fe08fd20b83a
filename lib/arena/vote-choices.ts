// The choices offered after a Compare, with the names the page shows. Pure, for the page and its tests.
import type { ArenaVote } from "./schemas";

export type VoteChoice = { key: string; label: string; vote: Pick<ArenaVote, "verdict" | "bestId"> };

const letterOf = (i: number) => String.fromCharCode(65 + i);

/** The choices after a Compare: "A is better"… with two answers, "A is best"… with more. */
export function voteChoices(answerIds: string[]): VoteChoice[] {
  const two = answerIds.length === 2;
  return [
    ...answerIds.map((id, i) => ({
      key: id,
      label: `${letterOf(i)} is ${two ? "better" : "best"}`,
      vote: { verdict: "best" as const, bestId: id },
    })),
    { key: "tie", label: "Tie", vote: { verdict: "tie" } },
    { key: "both-bad", label: two ? "Both are bad" : "All are bad", vote: { verdict: "both-bad" } },
  ];
}
