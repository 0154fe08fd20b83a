import "server-only";
import { pool } from "../db/client";
import { MARK_INTERRUPTED } from "./answer-sql";

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

/**
 * Marks orphaned streaming answers as errors (finish reason `interrupted`), keeping their text, and
 * returns their ids. Idempotent: run by every instance at start-up and every SWEEP_EVERY_MS.
 */
export async function markInterruptedAnswers(olderThanMs = INTERRUPTED_AFTER_MS): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>({
    ...MARK_INTERRUPTED,
    values: [INTERRUPTED_MESSAGE, olderThanMs],
  });
  return rows.map((row) => row.id);
}
