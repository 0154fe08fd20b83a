import "server-only";
import { db } from "../db/client";

// Guess throttles count an attempt BEFORE the costly check it guards (a password hash), in one
// statement, so parallel attempts cannot all read "under the limit" and all be checked: each gets its
// own count back, and only those within the limit go on. A success gives its slot back (refund).

export type AttemptCount = { count: number; retryAfterSeconds: number };

type Row = { key: string; count: number; windowStart: Date };

/** Counts one attempt under every key, atomically, each in its own fixed window of `windowMs`. */
export async function countAttempt(keys: string[], windowMs: number): Promise<Map<string, AttemptCount>> {
  // Sorted, so that concurrent statements lock the same rows in the same order (no deadlocks).
  const sorted = [...new Set(keys)].sort();
  const seconds = windowMs / 1000;
  const rows = await db().$queryRaw<Row[]>`
    INSERT INTO "RateLimit" ("key", "windowStart", "count")
    SELECT k, now(), 1 FROM unnest(${sorted}::text[]) AS k ORDER BY k
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${seconds})
                     THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${seconds})
                     THEN now() ELSE "RateLimit"."windowStart" END
    RETURNING "key", "count", "windowStart"`;
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
  await db().$transaction([
    db().rateLimit.updateMany({
      where: { key: { in: keys.filter((key) => !clear.includes(key)) }, count: { gt: 0 } },
      data: { count: { decrement: 1 } },
    }),
    db().rateLimit.deleteMany({ where: { key: { in: clear } } }),
  ]);
}
