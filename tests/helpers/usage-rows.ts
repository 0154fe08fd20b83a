import { db } from "@/lib/db/client";

/** Inserts one UsageDaily row as the rollup would hold it (tests feed Admin → Usage and budgets with it). */
export async function insertUsage(row: {
  day: string;
  userId: string;
  modelId?: string;
  source?: string;
  answers?: number;
  estimatedAnswers?: number;
  inputTokens?: number;
  cachedInputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}): Promise<void> {
  await db().usageDaily.create({
    data: {
      day: new Date(`${row.day}T00:00:00Z`),
      userId: row.userId,
      modelId: row.modelId ?? "model-a",
      source: row.source ?? "chat",
      answers: row.answers ?? 1,
      estimatedAnswers: row.estimatedAnswers ?? 0,
      inputTokens: BigInt(row.inputTokens ?? 0),
      cachedInputTokens: BigInt(row.cachedInputTokens ?? 0),
      outputTokens: BigInt(row.outputTokens ?? 0),
      costUsd: row.costUsd ?? 0,
    },
  });
}

/** Today and other days, UTC, as YYYY-MM-DD. */
export function utcDay(offsetDays = 0, from = new Date()): string {
  return new Date(from.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
