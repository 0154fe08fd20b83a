// The vote after a playground "Compare": shared by the page (components/playground) and the server.
import { z } from "zod";

const answerId = z.uuid("Unknown answer.").transform((id) => id.toLowerCase());

/**
 * The compared answers in column order (A, B, …) and the verdict: the best one ("A is better" with two
 * answers, "A is best" with more), a tie, or all of them bad.
 */
export const arenaVoteInput = z
  .object({
    answerIds: z
      .array(answerId)
      .min(2, "A vote compares at least two answers.")
      .max(4, "A vote compares at most four answers.")
      .refine((ids) => new Set(ids).size === ids.length, "Each answer is compared once."),
    verdict: z.enum(["best", "tie", "both-bad"], "Choose the best answer, a tie, or that all are bad."),
    /** The winner, for a verdict of "best": one of answerIds. */
    bestId: answerId.optional(),
  })
  .refine((vote) => vote.verdict !== "best" || (vote.bestId && vote.answerIds.includes(vote.bestId)), {
    message: "Choose which answer is best.",
    path: ["bestId"],
  });

export type ArenaVote = z.infer<typeof arenaVoteInput>;
