import "server-only";
import type { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { Verdict } from "./rubric";

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

export type JudgedItem = {
  id: string;
  evaluationId: string;
  conversationId: string | null;
  promptMessageId: string | null;
  candidateAnswerId: string | null;
  baselineAnswerId: string | null;
  candidateFirst: boolean;
  comparisonId: string | null;
};

/**
 * Stores a verdict on an answered item, and its comparison (source `evaluation`) as the arena stores
 * one: answer A is the answer judges saw as "Response A", preferredId the winner (null for a tie or
 * "both are bad"), the models frozen. `userId` is the judging admin, or the evaluation's creator for a
 * judge model. A verdict given again updates the same comparison, whoever gives it.
 */
export async function recordVerdict(
  tx: Tx,
  item: JudgedItem,
  verdict: Verdict,
  userId: string,
  detail: Prisma.InputJsonValue,
  judgedById: string | null,
): Promise<void> {
  const { conversationId, promptMessageId, candidateAnswerId, baselineAnswerId } = item;
  if (!conversationId || !promptMessageId || !candidateAnswerId || !baselineAnswerId) {
    throw new Error(`Evaluation item ${item.id} has no answers to judge.`);
  }
  const [answerAId, answerBId] = item.candidateFirst
    ? [candidateAnswerId, baselineAnswerId]
    : [baselineAnswerId, candidateAnswerId];
  const answers = await tx.message.findMany({
    where: { id: { in: [answerAId, answerBId] } },
    select: { id: true, modelId: true },
  });
  const modelOf = (id: string) => answers.find((a) => a.id === id)?.modelId ?? null;
  const preferredId =
    verdict === "candidate" ? candidateAnswerId : verdict === "baseline" ? baselineAnswerId : null;
  const outcome = { preferredId, bothBad: verdict === "both_bad", userId };
  let comparisonId = item.comparisonId;
  if (comparisonId) {
    await tx.comparison.update({ where: { id: comparisonId }, data: outcome });
  } else {
    const comparison = await tx.comparison.upsert({
      where: { userId_answerAId_answerBId: { userId, answerAId, answerBId } },
      create: {
        ...outcome,
        conversationId,
        promptId: promptMessageId,
        answerAId,
        answerBId,
        modelA: modelOf(answerAId),
        modelB: modelOf(answerBId),
        source: "evaluation",
      },
      update: outcome,
      select: { id: true },
    });
    comparisonId = comparison.id;
  }
  await tx.evaluationItem.update({
    where: { id: item.id },
    data: { status: "judged", verdict, judgeDetail: detail, judgedById, comparisonId, error: null },
  });
}

/**
 * An evaluation waiting for its admins ("judging") is done once no answered item is left unjudged.
 */
export async function finishIfJudged(tx: Tx, evaluationId: string): Promise<void> {
  const waiting = await tx.evaluationItem.count({
    where: { evaluationId, status: { in: ["pending", "answered"] } },
  });
  if (waiting > 0) return;
  await tx.evaluation.updateMany({
    where: { id: evaluationId, status: "judging" },
    data: { status: "done", finishedAt: new Date() },
  });
}
