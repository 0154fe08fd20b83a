// Turns the days of a period into what the overview shows: per model totals, a daily series per model
// and the top reasons for bad ratings. Pure, so it is unit-testable without a database.
import { reasonLabel } from "../../feedback/reasons";
import type { DayStats } from "./day-stats";

export const UNKNOWN_MODEL = "Unknown model";

export type ModelSummary = {
  /** The model id, or "" when unknown (older rows); stable key for lists and colours. */
  key: string;
  label: string;
  /** Answers written in the period, and how many of them have been rated. */
  answers: number;
  rated: number;
  /** Ratings given in the period. */
  up: number;
  down: number;
  ratings: number;
  /** up / ratings; null without ratings. */
  positiveRate: number | null;
  /** rated / answers; null without answers. */
  shareRated: number | null;
};

export type SeriesPoint = {
  day: string;
  up: number;
  down: number;
  ratings: number;
  positiveRate: number | null;
};
export type ModelSeries = { key: string; label: string; points: SeriesPoint[] };

export type ReasonCount = { reason: string; label: string; count: number; share: number };
export type ModelReasons = {
  key: string;
  label: string;
  /** Bad ratings in the period, and those that gave at least one reason (the shares' base). */
  bad: number;
  badWithReason: number;
  top: ReasonCount[];
};

export const TOP_REASONS = 5;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const labelOf = (key: string) => key || UNKNOWN_MODEL;

/**
 * Models that answered or were rated in the period, most rated first (then by id): the order of the
 * table, the chart's colours and the reasons.
 */
export function summarizeModels(days: readonly DayStats[]): ModelSummary[] {
  const byModel = new Map<string, ModelSummary>();
  for (const day of days) {
    for (const [key, stats] of Object.entries(day.models)) {
      let model = byModel.get(key);
      if (!model) {
        model = {
          key,
          label: labelOf(key),
          answers: 0,
          rated: 0,
          up: 0,
          down: 0,
          ratings: 0,
          positiveRate: null,
          shareRated: null,
        };
        byModel.set(key, model);
      }
      model.answers += stats.answers;
      model.rated += stats.rated;
      model.up += stats.up;
      model.down += stats.down;
    }
  }
  return [...byModel.values()]
    .map((model) => {
      const ratings = model.up + model.down;
      return {
        ...model,
        ratings,
        positiveRate: ratio(model.up, ratings),
        shareRated: ratio(model.rated, model.answers),
      };
    })
    .sort((a, b) => b.ratings - a.ratings || b.answers - a.answers || a.key.localeCompare(b.key));
}

/** One point per day of the period for each model, zeros (and no positive rate) on days without ratings. */
export function dailySeries(days: readonly DayStats[], models: readonly ModelSummary[]): ModelSeries[] {
  return models
    .filter((model) => model.ratings > 0)
    .map((model) => ({
      key: model.key,
      label: model.label,
      points: days.map((day) => {
        const stats = day.models[model.key];
        const up = stats?.up ?? 0;
        const down = stats?.down ?? 0;
        return { day: day.day, up, down, ratings: up + down, positiveRate: ratio(up, up + down) };
      }),
    }));
}

/** The most frequent reasons given with bad ratings, per model with bad ratings. */
export function topBadReasons(
  days: readonly DayStats[],
  models: readonly ModelSummary[],
  limit = TOP_REASONS,
): ModelReasons[] {
  return models
    .filter((model) => model.down > 0)
    .map((model) => {
      const counts = new Map<string, number>();
      let badWithReason = 0;
      for (const day of days) {
        const stats = day.models[model.key];
        if (!stats) continue;
        badWithReason += stats.downWithReason;
        for (const [reason, n] of Object.entries(stats.badReasons))
          counts.set(reason, (counts.get(reason) ?? 0) + n);
      }
      const top = [...counts]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .slice(0, limit)
        .map(([reason, count]) => ({
          reason,
          label: reasonLabel(reason),
          count,
          share: ratio(count, badWithReason) ?? 0,
        }));
      return { key: model.key, label: model.label, bad: model.down, badWithReason, top };
    });
}
