import "server-only";
import { db } from "../../db/client";
import { AppError, notFound } from "../../errors/app-error";
import { parseInput } from "../../errors/parse-input";
import { requireUser, type Actor } from "../../auth/actor";
import { countFeedbackWrite, upsertPair } from "../../feedback/comparisons";
import { LOCK_USER_COMPARISONS } from "../../feedback/feedback-sql";
import { orderedPair } from "../../feedback/preferences";
import { voteBlindArenaInput, type ArenaVoteResult } from "./arena-types";

const alreadyDecided = () => new AppError("CONFLICT", "This vote was already recorded.");

/**
 * The user's answer to "Which response do you prefer?": "A is better", "B is better" or "Skip". A vote
 * between two complete answers is stored as a comparison (source `arena`, models frozen); the
 * conversation continues on the preferred answer; both models are revealed. A skip stores no
 * comparison and continues on A (on B when only B completed). A vote where one answer failed or was
 * stopped continues on the chosen answer but stores no comparison: a failure is not a preference.
 * Someone else's question is "not found", and nothing is written.
 */
export async function voteBlindArena(actor: Actor, raw: unknown): Promise<ArenaVoteResult> {
  const user = await requireUser(actor);
  const { promptId, choice } = parseInput(voteBlindArenaInput, raw);
  const battle = await db().arenaBattle.findFirst({
    where: { promptId, conversation: { userId: user.id, deletedAt: null } },
    select: { id: true, conversationId: true, answerAId: true, answerBId: true, decidedAt: true },
  });
  if (!battle) throw notFound("This vote no longer exists.");
  if (battle.decidedAt) throw alreadyDecided();
  const answers = await db().message.findMany({
    where: { id: { in: [battle.answerAId, battle.answerBId] }, conversationId: battle.conversationId },
    select: { id: true, status: true, modelId: true },
  });
  const a = answers.find((m) => m.id === battle.answerAId);
  const b = answers.find((m) => m.id === battle.answerBId);
  if (!a || !b) throw notFound("This vote no longer exists.");
  if (a.status === "streaming" || b.status === "streaming") {
    throw new AppError("CONFLICT", "Wait for both responses to finish before choosing.");
  }
  await countFeedbackWrite(user.id);
  const skipTo = a.status !== "complete" && b.status === "complete" ? b : a;
  const chosen = choice === "a" ? a : choice === "b" ? b : skipTo;
  const recorded = choice !== "skip" && a.status === "complete" && b.status === "complete";
  await db().$transaction(async (tx) => {
    // The same lock as the user's other preference writes (lib/feedback/comparisons.ts).
    await tx.$executeRawUnsafe(LOCK_USER_COMPARISONS.text, `comparisons:${user.id}`);
    const decided = await tx.arenaBattle.updateMany({
      where: { id: battle.id, decidedAt: null },
      data: { outcome: choice, decidedAt: new Date() },
    });
    if (decided.count === 0) throw alreadyDecided();
    if (recorded) {
      await upsertPair(
        tx,
        { ...orderedPair(a.id, b.id), preferredId: chosen.id },
        { userId: user.id, conversationId: battle.conversationId, promptId },
        "arena",
        new Map([
          [a.id, a.modelId],
          [b.id, b.modelId],
        ]),
      );
    }
    await tx.conversation.updateMany({
      where: { id: battle.conversationId, userId: user.id },
      data: { currentLeafId: chosen.id },
    });
  });
  return { choice, leafId: chosen.id, recorded, models: { a: a.modelId, b: b.modelId } };
}
