import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { toVerdict } from "./rubric";
import type { PromptMessage } from "./prompt-lines";
import { reviewItemInput } from "./schemas";
import { finishIfJudged, recordVerdict } from "./verdicts";

export type ReviewPair = {
  itemId: string;
  position: number;
  prompt: PromptMessage[];
  /** The texts in the item's frozen blind order; never which model wrote which. */
  responseA: string;
  responseB: string;
  /** The choice already made on this pair, when reviewing it again. */
  choice: "A" | "B" | "tie" | "both_bad" | null;
};

export type ReviewQueue = {
  evaluationId: string;
  judged: number;
  /** Items with both answers: the ones there are to judge. */
  total: number;
  pair: ReviewPair | null;
};

/** The verdict as the admin saw it (positions), from the stored one (models). */
function choiceOf(verdict: string | null, candidateFirst: boolean): ReviewPair["choice"] {
  if (verdict === "tie" || verdict === "both_bad") return verdict;
  if (verdict === "candidate") return candidateFirst ? "A" : "B";
  if (verdict === "baseline") return candidateFirst ? "B" : "A";
  return null;
}

/**
 * The review queue of an evaluation judged by admins: the first answered pair not yet judged (or
 * `itemId`, to change a verdict), shown blind as Response A / Response B, and the progress.
 */
export async function reviewQueue(actor: Actor, evaluationId: string, itemId?: string): Promise<ReviewQueue> {
  await requireAdmin(actor);
  const evaluation = await db()
    .evaluation.findUnique({
      where: { id: evaluationId },
      select: { id: true, judge: true },
    })
    .catch(() => null);
  if (!evaluation || evaluation.judge !== "admins") throw notFound("Evaluation not found.");
  const [judged, total] = await Promise.all([
    db().evaluationItem.count({ where: { evaluationId, status: "judged" } }),
    db().evaluationItem.count({ where: { evaluationId, status: { in: ["answered", "judged"] } } }),
  ]);
  const item = await db().evaluationItem.findFirst({
    where: itemId
      ? { id: itemId, evaluationId, status: { in: ["answered", "judged"] } }
      : { evaluationId, status: "answered" },
    orderBy: { position: "asc" },
  });
  if (!item || !item.candidateAnswerId || !item.baselineAnswerId) {
    return { evaluationId, judged, total, pair: null };
  }
  const answers = await db().message.findMany({
    where: { id: { in: [item.candidateAnswerId, item.baselineAnswerId] } },
    select: { id: true, text: true },
  });
  const textOf = (id: string) => answers.find((a) => a.id === id)?.text ?? "";
  const candidate = textOf(item.candidateAnswerId);
  const baseline = textOf(item.baselineAnswerId);
  return {
    evaluationId,
    judged,
    total,
    pair: {
      itemId: item.id,
      position: item.position,
      prompt: item.prompt as PromptMessage[],
      responseA: item.candidateFirst ? candidate : baseline,
      responseB: item.candidateFirst ? baseline : candidate,
      choice: choiceOf(item.verdict, item.candidateFirst),
    },
  };
}

/**
 * An admin's verdict on one pair ("A is better", "B is better", "Tie", "Both are bad"), stored with
 * its comparison (source `evaluation`). Judging a pair again changes its verdict and comparison.
 */
export async function reviewItem(actor: Actor, raw: unknown): Promise<{ evaluationId: string }> {
  const admin = await requireAdmin(actor);
  const { itemId, choice } = parseInput(reviewItemInput, raw);
  return db().$transaction(async (tx) => {
    const item = await tx.evaluationItem.findUnique({
      where: { id: itemId },
      include: { evaluation: { select: { judge: true, status: true } } },
    });
    if (!item || item.evaluation.judge !== "admins") throw notFound("Pair not found.");
    if (item.status !== "answered" && item.status !== "judged") {
      throw new AppError("CONFLICT", "This pair has no answers to judge yet.");
    }
    if (item.evaluation.status === "cancelled") {
      throw new AppError("CONFLICT", "This evaluation was cancelled.");
    }
    const verdict = toVerdict(choice, item.candidateFirst);
    await recordVerdict(tx, item, verdict, admin.id, { by: "admin", choice }, admin.id);
    await finishIfJudged(tx, item.evaluationId);
    return { evaluationId: item.evaluationId };
  });
}
