import "server-only";
import { pool } from "../db/client";
import { ADD_USAGE } from "./usage-sql";

export type AnswerUsage = {
  userId: string;
  modelId: string;
  /** "chat" today; the API and the playground add theirs. */
  source: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  estimated: boolean;
  /** USD at the prices in force; null when the model has no price. */
  costUsd: number | null;
};

/**
 * Adds an ended answer (complete, stopped, failed after some output, or interrupted) to the daily
 * usage rollup. Called once per answer, when it ends; budgets and Admin → Usage read the rollup.
 */
export async function recordUsage(usage: AnswerUsage): Promise<void> {
  await pool().query({
    ...ADD_USAGE,
    values: [
      usage.userId,
      usage.modelId,
      usage.source,
      usage.inputTokens,
      usage.cachedInputTokens,
      usage.outputTokens,
      usage.estimated ? 1 : 0,
      usage.costUsd ?? 0,
    ],
  });
}
