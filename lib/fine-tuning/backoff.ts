// How long the poller waits before it next looks at a job. Pure, so its numbers are unit-tested.

/** A job in progress is looked at this often when all is well. */
export const POLL_EVERY_MS = 10_000;
export const BACKOFF_FIRST_MS = 5_000;
export const BACKOFF_MAX_MS = 10 * 60_000;
/**
 * Transient failures in a row after which a job is given up as failed: with the back-off doubling
 * from 5 s to 10 min this is about a day of a provider not answering.
 */
export const MAX_POLL_FAILURES = 150;

/** The wait after the `failures`-th transient failure in a row (1, 2, …): doubling, capped, at least
 *  what the provider asked for with Retry-After. */
export function backoffMs(failures: number, retryAfterMs: number | null = null): number {
  const doubled = BACKOFF_FIRST_MS * 2 ** Math.min(Math.max(failures - 1, 0), 20);
  return Math.max(Math.min(doubled, BACKOFF_MAX_MS), retryAfterMs ?? 0);
}
