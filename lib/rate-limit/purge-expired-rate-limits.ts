import "server-only";
import { pool } from "../db/client";
import { PURGE_EXPIRED_WINDOWS } from "./rate-limit-sql";

// Every limiter's window is at most a day (SIGNIN_WINDOW_MINUTES ≤ 1440; the chat's and feedback's are
// a minute), so a row whose window started over a day ago counts nothing any more. A limiter with a
// longer window must raise this.
export const LONGEST_WINDOW_MS = 24 * 60 * 60_000;

/** Deletes rate-limit rows whose window is over; returns how many. Idempotent. */
export async function purgeExpiredRateLimits(): Promise<number> {
  const { rowCount } = await pool().query({ ...PURGE_EXPIRED_WINDOWS, values: [LONGEST_WINDOW_MS] });
  return rowCount ?? 0;
}
