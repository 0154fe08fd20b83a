// What the browser and the server share about the blind arena (docs/arena.md). Plain JSON.
import { z } from "zod";
import type { MessageStatus } from "../types";

/** A blind vote still to be given: the question and its two answers, in the order shown. */
export type ArenaPending = { promptId: string; answerAId: string; answerBId: string };

/**
 * One side of an arena turn as the stream reports it (the `data-arena` part with id "a" or "b"):
 * everything a normal answer's metadata says except its model and cost, which would give it away.
 */
export type ArenaAnswerState = {
  id: string;
  createdAt: string;
  status: MessageStatus;
  error: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  tokensEstimated: boolean;
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
};

export const ARENA_CHOICES = ["a", "b", "skip"] as const;
export type ArenaChoice = (typeof ARENA_CHOICES)[number];

/** "A is better", "B is better" or "Skip" on the arena of the question `promptId`. */
export const voteBlindArenaInput = z.object({
  promptId: z.uuid("Unknown question."),
  choice: z.enum(ARENA_CHOICES, "Choose A, B or skip."),
});

export type ArenaVoteResult = {
  choice: ArenaChoice;
  /** The answer the conversation continues on (the preferred one; for a skip, see docs/arena.md). */
  leafId: string;
  /** Whether a comparison was stored (a vote between two complete answers). */
  recorded: boolean;
  /** The models, revealed once the user has chosen. */
  models: { a: string | null; b: string | null };
};
