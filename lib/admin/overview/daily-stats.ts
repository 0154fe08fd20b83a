import "server-only";
import { db } from "../../db/client";
import { aggregateDays, type Sql } from "./aggregate";
import { consecutiveRanges, parseStoredModels, type DayStats } from "./day-stats";
import {
  lockRollupSql,
  missingDaysSql,
  readDaysSql,
  staleDaysSql,
  storeDaysSql,
  sumDaysSql,
  tryLockRollupSql,
  tuneForBulkSql,
} from "./overview-sql";

// Freshness of the rollup (docs/admin.md, "Overview"). Today is never stored: the overview counts it
// live. A closed day is computed the first time it is needed; after that it is recomputed
// - every few minutes until it has been closed for a whole day (ratings are changed or removed mostly
//   soon after they are given; a changed rating keeps its day), and
// - once a week after that (deleted conversations take their ratings with them, at any age).
// Both refreshes run after the response (refreshStaleDays), never in the overview's own time.
const SETTLING_REFRESH = "5 minutes";
const SETTLED_REFRESH = "7 days";
/** The most days one background refresh recomputes, so that it stays a short job. */
const REFRESH_BATCH = 31;

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/**
 * Makes sure every closed day from the first message or rating up to `today` (exclusive) has a rollup
 * row. Usually one cheap query finding nothing to do; a fresh database (or a fresh seed) computes its
 * whole history once, and the first visit after midnight computes yesterday.
 */
export async function fillMissingDays(today: string): Promise<void> {
  if ((await missingDays(db(), today)).length === 0) return;
  await db().$transaction(
    async (tx) => {
      await tx.$executeRaw(lockRollupSql());
      await tuneForBulk(tx);
      // Whoever held the lock may have just computed them.
      for (const [from, to] of consecutiveRanges(await missingDays(tx, today))) await compute(tx, from, to);
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}

/**
 * Recomputes stale closed days (see the policy above), at most REFRESH_BATCH per call, recently closed
 * days first. Skips at once when another instance is already at it. Returns the number of days redone.
 */
export async function refreshStaleDays(today: string): Promise<number> {
  return db().$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>(tryLockRollupSql());
      if (!lock?.locked) return 0;
      await tuneForBulk(tx);
      const stale = await tx.$queryRaw<{ day: string }[]>(
        staleDaysSql(today, SETTLING_REFRESH, SETTLED_REFRESH, REFRESH_BATCH),
      );
      const days = stale.map((row) => row.day).sort();
      for (const [from, to] of consecutiveRanges(days)) await compute(tx, from, to);
      return days.length;
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}

/** The rollup rows of the closed days in [from, to). */
export async function readDays(from: string, to: string): Promise<DayStats[]> {
  // models as text, parsed here: cheaper than the driver's JSON handling.
  const rows = await db().$queryRaw<(Omit<DayStats, "models"> & { models: string })[]>(readDaysSql(from, to));
  return rows.map((row) => ({ ...row, models: parseStoredModels(row.models) }));
}

/** All-time sums over the closed days before `to`. */
export async function sumDays(to: string): Promise<{ messages: number; answers: number; ratings: number }> {
  const [row] = await db().$queryRaw<{ messages: number; answers: number; ratings: number }[]>(
    sumDaysSql(to),
  );
  return row ?? { messages: 0, answers: 0, ratings: 0 };
}

/** Closed days that have data (from the first message or rating on) but no rollup row yet. */
async function missingDays(sql: Sql, today: string): Promise<string[]> {
  const rows = await sql.$queryRaw<{ day: string }[]>(missingDaysSql(today));
  return rows.map((row) => row.day);
}

/**
 * A first fill aggregates every row once (seconds on millions of rows). For this transaction only: no
 * JIT compilation (it costs more than it saves on these plain scans) and enough memory to sort and hash
 * without spilling to disk.
 */
async function tuneForBulk(tx: Tx): Promise<void> {
  await tx.$executeRaw(tuneForBulkSql());
}

/** Counts the days [from, to) from the tables and stores them, replacing what was there. */
async function compute(tx: Tx, from: string, to: string): Promise<void> {
  // Taken before counting: a row never claims to be fresher than the counts it holds.
  const computedAt = new Date().toISOString();
  const days = [...(await aggregateDays(tx, from, to)).values()];
  await tx.$executeRaw(storeDaysSql(computedAt, JSON.stringify(days)));
}
