import "server-only";
import { db } from "../db/client";
import { countInWindowsSql } from "./rate-limit-sql";
import { redisHit, redisRefund } from "./redis-counters";

// Guess throttles count an attempt BEFORE the costly check it guards (a password hash), in one
// statement, so parallel attempts cannot all read "under the limit" and all be checked: each gets its
// own count back, and only those within the limit go on. A success gives its slot back (refund).
// In Redis when REDIS_URL is set and it answers (one script, atomic too), else in PostgreSQL.

export type AttemptCount = { count: number; retryAfterSeconds: number };

type Row = { key: string; count: number; windowStart: Date };

/** Counts one attempt under every key, atomically, each in its own fixed window of `windowMs`. */
export async function countAttempt(keys: string[], windowMs: number): Promise<Map<string, AttemptCount>> {
  // Sorted, so that concurrent statements lock the same rows in the same order (no deadlocks).
  const sorted = [...new Set(keys)].sort();
  const shared = await redisHit(sorted, windowMs);
  if (shared) {
    return new Map(
      [...shared].map(([key, window]) => [
        key,
        { count: window.count, retryAfterSeconds: Math.max(1, Math.ceil(window.remainingMs / 1000)) },
      ]),
    );
  }
  const rows = await db().$queryRaw<Row[]>(countInWindowsSql(sorted, windowMs));
  const now = Date.now();
  return new Map(
    rows.map((row) => [
      row.key,
      {
        count: row.count,
        retryAfterSeconds: Math.max(1, Math.ceil((row.windowStart.getTime() + windowMs - now) / 1000)),
      },
    ]),
  );
}

/** Gives back the slot of an attempt that succeeded, and forgets the keys in `clear` altogether. */
export async function refundAttempt(keys: string[], clear: string[] = []): Promise<void> {
  // Redis and PostgreSQL both: the attempt may have been counted in either (an outage in between).
  await redisRefund(
    keys.filter((key) => !clear.includes(key)),
    clear,
  );
  await db().$transaction([
    db().rateLimit.updateMany({
      where: { key: { in: keys.filter((key) => !clear.includes(key)) }, count: { gt: 0 } },
      data: { count: { decrement: 1 } },
    }),
    db().rateLimit.deleteMany({ where: { key: { in: clear } } }),
  ]);
}
