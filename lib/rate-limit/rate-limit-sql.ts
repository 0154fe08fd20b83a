import "server-only";
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
