import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import type { Actor } from "../auth/actor";
import { countFeedbackWrite, upsertPair } from "../feedback/comparisons";
import { LOCK_USER_COMPARISONS } from "../feedback/feedback-sql";
import type { Pair } from "../feedback/preferences";
import { requirePlaygroundUser } from "../playground/access";
import { arenaVoteInput } from "./schemas";
import { votePairs } from "./vote-pairs";

export type ArenaVoteResult = { pairs: Pair[]; bothBad: boolean };

/**
 * Stores the caller's vote on a playground "Compare" as comparisons with source `arena`. Only the
 * caller's own finished answers to one question of a playground conversation may be compared; any
 * other answer is "not found" and nothing is written. Voting again replaces the vote: the arena pairs
 * among these answers that the new vote does not make are removed, the others upserted.
 */
export async function voteArena(actor: Actor, raw: unknown): Promise<ArenaVoteResult> {
  const user = await requirePlaygroundUser(actor);
  const vote = parseInput(arenaVoteInput, raw);
  const answers = await db().message.findMany({
    where: {
      id: { in: vote.answerIds },
      role: "assistant",
      conversation: { userId: user.id, deletedAt: null, source: "playground" },
    },
    select: { id: true, parentId: true, conversationId: true, status: true, modelId: true },
  });
  const first = answers[0];
  const siblings =
    first?.parentId &&
    answers.length === vote.answerIds.length &&
    answers.every((a) => a.parentId === first.parentId && a.conversationId === first.conversationId);
  if (!first || !siblings) throw notFound("Answers not found.");
  if (answers.some((a) => a.status === "streaming")) {
    throw new AppError("CONFLICT", "Wait for the answers to finish before voting.");
  }
  await countFeedbackWrite(user.id);
  const result = votePairs(vote);
  const where = { userId: user.id, conversationId: first.conversationId, promptId: first.parentId! };
  const models = new Map(answers.map((a) => [a.id, a.modelId]));
  await db().$transaction(async (tx) => {
    // One user's comparisons are written one at a time (as lib/feedback/comparisons.ts does).
    await tx.$executeRawUnsafe(LOCK_USER_COMPARISONS.text, `comparisons:${user.id}`);
    const kept = new Set(result.pairs.map((p) => `${p.answerAId}:${p.answerBId}`));
    const previous = await tx.comparison.findMany({
      where: {
        userId: user.id,
        source: "arena",
        answerAId: { in: vote.answerIds },
        answerBId: { in: vote.answerIds },
      },
      select: { id: true, answerAId: true, answerBId: true },
    });
    const stale = previous.filter((row) => !kept.has(`${row.answerAId}:${row.answerBId}`));
    if (stale.length > 0) await tx.comparison.deleteMany({ where: { id: { in: stale.map((r) => r.id) } } });
    for (const pair of result.pairs) await upsertPair(tx, pair, where, "arena", models, result.bothBad);
  });
  return result;
}
