import "server-only";
import { db } from "../db/client";
import { requireUser, type Actor } from "../auth/actor";
import { budgetStatus, type BudgetStatus } from "./budget";
import { monthStart, nextMonthStart } from "./month";

export type MyUsage = {
  /** The UTC month shown: its first day, and the first day of the next (the reset date). */
  monthStart: string;
  resetsOn: string;
  totals: { answers: number; inputTokens: number; outputTokens: number; costUsd: number };
  /** Per model, most expensive first. */
  models: { modelId: string; answers: number; inputTokens: number; outputTokens: number; costUsd: number }[];
  /** The budget that applies, with what is used of it; null when none does. */
  budget: BudgetStatus | null;
};

/**
 * Settings → Usage: the signed-in user's own tokens and cost this UTC month, per model, from the
 * UsageDaily rollup, with their budget when one applies. Only ever the caller's own rows.
 */
export async function getMyUsage(actor: Actor, now = new Date()): Promise<MyUsage> {
  const user = await requireUser(actor);
  const start = monthStart(now);
  const [groups, budget] = await Promise.all([
    db().usageDaily.groupBy({
      by: ["modelId"],
      where: { userId: user.id, day: { gte: new Date(`${start}T00:00:00Z`) } },
      _sum: { answers: true, inputTokens: true, outputTokens: true, costUsd: true },
    }),
    budgetStatus(user.id),
  ]);
  const models = groups
    .map((group) => ({
      modelId: group.modelId,
      answers: group._sum.answers ?? 0,
      inputTokens: Number(group._sum.inputTokens ?? 0),
      outputTokens: Number(group._sum.outputTokens ?? 0),
      costUsd: group._sum.costUsd ?? 0,
    }))
    .sort(
      (a, b) => b.costUsd - a.costUsd || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens),
    );
  const totals = models.reduce(
    (sum, model) => ({
      answers: sum.answers + model.answers,
      inputTokens: sum.inputTokens + model.inputTokens,
      outputTokens: sum.outputTokens + model.outputTokens,
      costUsd: sum.costUsd + model.costUsd,
    }),
    { answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
  return { monthStart: start, resetsOn: nextMonthStart(now), totals, models, budget };
}
