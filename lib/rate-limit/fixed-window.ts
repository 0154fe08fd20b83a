import "server-only";
import { db } from "../db/client";
import { redisHit, redisPeek, redisRefund } from "./redis-counters";
import { countInWindowsSql } from "./rate-limit-sql";

// Counters shared by every app instance behind a load balancer: in Redis when REDIS_URL is set (and
// it answers), otherwise in PostgreSQL. Either way a fixed window of `windowMs` from its first hit.
type Window = { count: number; windowStart: Date };

export type LimitState = { count: number; retryAfterSeconds: number };

function state(row: Window | undefined, windowMs: number): LimitState {
  if (!row) return { count: 0, retryAfterSeconds: 0 };
  const endsAt = row.windowStart.getTime() + windowMs;
  const remaining = Math.ceil((endsAt - Date.now()) / 1000);
  return remaining > 0
    ? { count: row.count, retryAfterSeconds: remaining }
    : { count: 0, retryAfterSeconds: 0 };
}

/** Counts one event in the key's current window (starting a new window when the old one expired). */
export async function hit(key: string, windowMs: number): Promise<LimitState> {
  const shared = (await redisHit([key], windowMs))?.get(key);
  if (shared) return { count: shared.count, retryAfterSeconds: Math.ceil(shared.remainingMs / 1000) };
  const [row] = await db().$queryRaw<Window[]>(countInWindowsSql([key], windowMs));
  return state(row, windowMs);
}

/** The key's count in its current window, without counting anything. */
export async function peek(key: string, windowMs: number): Promise<LimitState> {
  const shared = await redisPeek(key);
  if (shared) return { count: shared.count, retryAfterSeconds: Math.ceil(shared.remainingMs / 1000) };
  const row = await db().rateLimit.findUnique({ where: { key }, select: { count: true, windowStart: true } });
  return state(row ?? undefined, windowMs);
}

/** Forgets the key in both stores: a count made during a Redis outage lives in PostgreSQL. */
export async function reset(key: string): Promise<void> {
  await redisRefund([], [key]);
  await db().rateLimit.deleteMany({ where: { key } });
}
