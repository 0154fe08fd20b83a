import "server-only";
import { pool } from "../db/client";
import { databaseOutage } from "../db/outage-log";
import { retryWhileUnavailable } from "../db/retry-unavailable";
import { isDatabaseUnavailable } from "../db/unavailable";
import type { MessageStatus } from "./types";
import type { PreparedTurn } from "./prepare-turn";
import { MARK_SAVE_FAILED, SAVE_ANSWER } from "./answer-sql";
import type { SettledUsage } from "../usage/answer-usage";
import { recordUsage } from "../usage/record-usage";

// How a generated answer is kept when it ends (lib/chat/stream-turn.ts runs the generation).

const SAVE_FAILED = "The answer could not be saved. Try again.";

/**
 * How long the final save waits for a database that went away (a restart, a failover) before it gives
 * up. A restart takes a few seconds: the answer, generated meanwhile from memory, is kept. Shorter
 * than INTERRUPTED_AFTER_MS (20 s) less a flush interval, so the sweep never closes a row whose save is
 * still trying; a graceful shutdown's grace period (30 s) covers it too.
 */
export const SAVE_RETRY_WINDOW_MS = 15_000;

/** How an answer ended, before it is saved. */
export type Ending = {
  status: MessageStatus;
  error: string | null;
  finishReason: string | null;
  usage: SettledUsage | null;
  timeToFirstTokenMs: number | null;
  durationMs: number;
};

/** An answer that is not stored (the API's `store: false`): its usage is all that is kept. */
export async function countOnly(
  turn: PreparedTurn,
  text: string,
  ending: Ending,
): Promise<Ending & { text: string }> {
  const { usage } = ending;
  if (usage) {
    await recordUsage({ userId: turn.userId, modelId: turn.info.id, source: turn.source, ...usage }).catch(
      (error: unknown) =>
        console.error("Could not record an answer's usage:", error instanceof Error ? error.message : error),
    );
  }
  return { ...ending, text };
}

/**
 * Saves the finished answer and returns how it ended as stored: the row may have been stopped or
 * closed meanwhile, and a save that fails marks the answer as an error rather than leaving it
 * `streaming`, so what the browser is told is what it will find on reload. The save that ends the
 * answer first adds its usage to the daily rollup, in the same statement; if the sweep was first, its
 * figures stand.
 */
export async function saveAnswer(
  turn: PreparedTurn,
  text: string,
  ending: Ending,
): Promise<Ending & { text: string }> {
  const { usage } = ending;
  let stored: { status: MessageStatus; error: string | null } | undefined;
  try {
    // Safe to run twice: a save that finds the row already ended keeps its status and its accounting.
    const save = () =>
      pool().query<{ status: MessageStatus; error: string | null }>({
        ...SAVE_ANSWER,
        values: [
          turn.assistantId,
          text,
          JSON.stringify(text ? [{ type: "text", text }] : []),
          ending.status,
          ending.error,
          ending.finishReason,
          usage?.inputTokens ?? null,
          usage?.outputTokens ?? null,
          ending.timeToFirstTokenMs,
          ending.durationMs,
          usage?.cachedInputTokens ?? null,
          usage?.estimated ?? false,
          usage?.costUsd ?? null,
          turn.info.id,
          turn.userId,
          turn.source,
          usage !== null,
        ],
      });
    const { rows } = await retryWhileUnavailable(save, {
      windowMs: SAVE_RETRY_WINDOW_MS,
      onUnavailable: (error) => databaseOutage().failed(error, "saving an answer; retrying"),
    });
    stored = rows[0];
  } catch (error) {
    // While the database is away, one line per interval for all answers, not one per answer.
    if (isDatabaseUnavailable(error)) {
      databaseOutage().failed(error, "an answer could not be saved; the sweep closes it once it is back");
    } else {
      console.error("Could not save an answer:", error instanceof Error ? error.message : error);
    }
    await markSaveFailed(turn.assistantId);
    return { ...ending, status: "error", error: SAVE_FAILED, text };
  }
  if (!stored) return { ...ending, text };
  return { ...ending, status: stored.status, error: stored.error, text };
}

/**
 * Marks the answer as failed, trying a few times: the failed save may have cost its connection (the
 * embedded database's socket server drops a connection on an error, and takes a moment to accept the
 * next). If every try fails (the database is gone), the interrupted-answers sweep closes the row later.
 */
async function markSaveFailed(answerId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    const marked = await pool()
      .query({ ...MARK_SAVE_FAILED, values: [answerId, SAVE_FAILED] })
      .then(
        () => true,
        () => false,
      );
    if (marked) return;
  }
}
