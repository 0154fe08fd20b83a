// The per-minute counter of lib/rate-limit/fixed-window.ts, as SQL text for the hot statements that
// count inside their own CTEs (the chat turn, the rating): one round trip checks, counts and writes.
// These stay in PostgreSQL even with REDIS_URL (docs/redis.md): the statement must write the turn's
// rows anyway, so the count costs no extra round trip there, and counting in the same transaction
// means a refused turn writes nothing and an admitted one is counted exactly once. Moving the count
// to Redis would add a round trip to every turn and split one decision across two stores.

/**
 * A CTE body that counts one event under the key parameter `key` (e.g. "$2") for each row of `source`
 * (none: nothing is counted), starting a new window when the old one is over a minute old. Returns
 * "count" and "windowStart".
 */
export function minuteHitSql(key: string, source: string): string {
  return `
    INSERT INTO "RateLimit" ("key", "windowStart", "count") SELECT ${key}, now(), 1 FROM ${source}
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" <= now() - interval '1 minute'
                     THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= now() - interval '1 minute'
                     THEN now() ELSE "RateLimit"."windowStart" END
    RETURNING "count", "windowStart"`;
}

/** Seconds until the window of the CTE `counter` (a minuteHitSql) ends, as a scalar subquery. */
export function retryAfterSql(counter: string): string {
  return `(SELECT ceil(extract(epoch FROM "windowStart" + interval '1 minute' - now()))::int FROM ${counter})`;
}
