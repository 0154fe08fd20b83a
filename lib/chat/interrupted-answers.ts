import "server-only";
import { pool } from "../db/client";
import { registeredModelInfo } from "../models/registry";
import type { ModelInfo } from "../ai/model-info";
import { settleInterruptedUsage } from "../usage/answer-usage";
import { recordUsage } from "../usage/record-usage";
import { MARK_INTERRUPTED, SET_RECOVERED_TEXT, SET_SWEPT_USAGE } from "./answer-sql";
import { cleanModelText } from "../ai/clean-model-text";
import { recordedText } from "./live/live-redis";

// An answer is `streaming` while an instance generates it. If that instance dies (crash, kill,
// redeploy) nobody will ever finish the row, so every instance sweeps for streaming rows that have
// not been saved or touched for a while. A live answer is saved every second while text arrives and
// touched every HEARTBEAT_MS while the model is silent (lib/chat/stream-turn.ts), so a row untouched
// for INTERRUPTED_AFTER_MS has no instance behind it. The worst case from the crash to the answer
// marked interrupted is INTERRUPTED_AFTER_MS + SWEEP_EVERY_MS = 30 s, whichever instance sweeps first.

/** Longest silence of a live answer's row (give or take the one-second tick that checks it). */
export const HEARTBEAT_MS = 5_000;
/** A streaming row untouched for this long is an orphan: several missed heartbeats, room for a slow database. */
export const INTERRUPTED_AFTER_MS = 20_000;
export const SWEEP_EVERY_MS = 10_000;
/** What the answer shows, with Retry, as any failed answer does. */
export const INTERRUPTED_MESSAGE = "This answer was interrupted.";

type SweptAnswer = { id: string; text: string; modelId: string | null; userId: string; source: string };

/**
 * Marks orphaned streaming answers as errors (finish reason `interrupted`), keeping their text, and
 * returns their ids. Each one's usage is estimated from its text and added to the rollup once: the
 * statement that closes the row is the one that claims its accounting (see SAVE_ANSWER). Idempotent:
 * run by every instance at start-up and every SWEEP_EVERY_MS.
 */
export async function markInterruptedAnswers(olderThanMs = INTERRUPTED_AFTER_MS): Promise<string[]> {
  const { rows } = await pool().query<SweptAnswer>({
    ...MARK_INTERRUPTED,
    values: [INTERRUPTED_MESSAGE, olderThanMs],
  });
  for (const row of rows) {
    row.text = await recoverText(row);
    // The rows are closed already: one that cannot be accounted for must not stop the others.
    await accountFor(row).catch((error: unknown) =>
      console.error(
        "Could not record an interrupted answer's usage:",
        error instanceof Error ? error.message : error,
      ),
    );
  }
  return rows.map((row) => row.id);
}

/**
 * The answer's text: as last saved, or, with REDIS_URL, as its live record has it when that continues
 * the saved text (the record is written every 100 ms, the row every second). Saved into the row, so a
 * reload shows what a reader following the answer live was shown. Any failure keeps the saved text.
 */
async function recoverText(row: SweptAnswer): Promise<string> {
  try {
    const recorded = await recordedText(row.id);
    const text = recorded === undefined ? undefined : cleanModelText(recorded);
    if (!text || text.length <= row.text.length || !text.startsWith(row.text)) return row.text;
    const { rowCount } = await pool().query({ ...SET_RECOVERED_TEXT, values: [row.id, row.text, text] });
    return rowCount === 1 ? text : row.text;
  } catch (error) {
    console.error(
      "Could not recover an interrupted answer's text:",
      error instanceof Error ? error.message : error,
    );
    return row.text;
  }
}

/** The model's prices as the registry has them now; null when the model is gone. */
async function currentModel(modelId: string | null): Promise<ModelInfo | null> {
  if (!modelId) return null;
  return (await registeredModelInfo(modelId)) ?? null;
}

async function accountFor(row: SweptAnswer): Promise<void> {
  const modelId = row.modelId ?? "";
  const usage = await settleInterruptedUsage(modelId, await currentModel(row.modelId), row.text);
  if (!usage) return;
  await pool().query({
    ...SET_SWEPT_USAGE,
    values: [row.id, usage.inputTokens, usage.cachedInputTokens, usage.outputTokens, usage.costUsd],
  });
  await recordUsage({ userId: row.userId, modelId, source: row.source, ...usage });
}
