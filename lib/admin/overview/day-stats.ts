// What the overview knows about one UTC day, whether it comes from the rollup (closed days) or from a
// live query (today). Pure: no database, so the summaries built on it are unit-testable.
export type ModelDay = {
  /** Assistant messages written by the model that day, and how many of them have been rated. */
  answers: number;
  rated: number;
  /** Ratings given that day (whenever the answer was written). */
  up: number;
  down: number;
  /** Bad ratings that came with at least one reason. */
  downWithReason: number;
  /** Bad-rating reason key → how many bad ratings gave it. */
  badReasons: Record<string, number>;
};

export type DayStats = {
  /** YYYY-MM-DD, UTC. */
  day: string;
  messages: number;
  answers: number;
  rated: number;
  up: number;
  down: number;
  /** By model id; "" when the model is unknown. */
  models: Record<string, ModelDay>;
};

const count = (value: unknown) =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 0;

/**
 * Reads DailyStats.models back. It is JSON that only daily-stats.ts writes, but JSON all the same:
 * anything that is not a count reads as 0 instead of breaking the overview. Hand-written because a
 * schema validator costs more than the query on 90 days of rows.
 */
export function parseStoredModels(json: string): Record<string, ModelDay> {
  const parsed: unknown = JSON.parse(json);
  const models: Record<string, ModelDay> = {};
  if (!parsed || typeof parsed !== "object") return models;
  for (const [key, raw] of Object.entries(parsed as Record<string, unknown>)) {
    const value = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const reasons = value.badReasons && typeof value.badReasons === "object" ? value.badReasons : {};
    models[key] = {
      answers: count(value.answers),
      rated: count(value.rated),
      up: count(value.up),
      down: count(value.down),
      downWithReason: count(value.downWithReason),
      badReasons: Object.fromEntries(Object.entries(reasons).map(([reason, n]) => [reason, count(n)])),
    };
  }
  return models;
}

export function emptyDay(day: string): DayStats {
  return { day, messages: 0, answers: 0, rated: 0, up: 0, down: 0, models: {} };
}

export function modelDay(stats: DayStats, model: string): ModelDay {
  return (stats.models[model] ??= {
    answers: 0,
    rated: 0,
    up: 0,
    down: 0,
    downWithReason: 0,
    badReasons: {},
  });
}

const DAY_MS = 86_400_000;

/** The UTC day of an instant, as YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** Every day from `from` up to, not including, `to`. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Splits sorted days into runs of consecutive days, as [first, dayAfterLast) ranges. */
export function consecutiveRanges(days: readonly string[]): [string, string][] {
  const ranges: [string, string][] = [];
  for (const day of days) {
    const last = ranges.at(-1);
    if (last && last[1] === day) last[1] = addDays(day, 1);
    else ranges.push([day, addDays(day, 1)]);
  }
  return ranges;
}
