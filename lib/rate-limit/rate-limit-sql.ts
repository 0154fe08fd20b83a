import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";
import { namedStatement } from "../db/named-statement";

/**
 * Deletes the windows that started over $1 milliseconds ago: over, so a new hit would start the key
 * afresh anyway. Compared with the database's clock, as the counters write it (lib/rate-limit), and
 * through the index on windowStart.
 */
export const PURGE_EXPIRED_WINDOWS = namedStatement(
  "rate-limit.purge-expired",
  `DELETE FROM "RateLimit" WHERE "windowStart" < now() - make_interval(secs => $1::float8 / 1000)`,
);

/**
 * Counts one event under each key, in one statement: a window older than `windowMs` starts again at 1.
 * Keys are locked in sorted order, so concurrent statements never deadlock; each caller gets its own
 * count back, so parallel attempts cannot all read "under the limit".
 */
export const countInWindowsSql = checkedStatement(
  "rate-limit.count",
  (sortedKeys: string[], windowMs: number) => Prisma.sql`
    INSERT INTO "RateLimit" ("key", "windowStart", "count")
    SELECT k, now(), 1 FROM unnest(${sortedKeys}::text[]) AS k ORDER BY k
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${windowMs / 1000})
                     THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${windowMs / 1000})
                     THEN now() ELSE "RateLimit"."windowStart" END
    RETURNING "key", "count", "windowStart"`,
  ["sample-key"],
  60_000,
);
