import "server-only";
import { db } from "../db/client";
import { countInWindowsSql } from "./rate-limit-sql";

// Counters live in PostgreSQL so that every app instance behind a load balancer shares them.
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
  const [row] = await db().$queryRaw<Window[]>(countInWindowsSql([key], windowMs));
  return state(row, windowMs);
}

/** The key's count in its current window, without counting anything. */
export async function peek(key: string, windowMs: number): Promise<LimitState> {
  const row = await db().rateLimit.findUnique({ where: { key }, select: { count: true, windowStart: true } });
  return state(row ?? undefined, windowMs);
}

export async function reset(key: string): Promise<void> {
  await db().rateLimit.deleteMany({ where: { key } });
}
