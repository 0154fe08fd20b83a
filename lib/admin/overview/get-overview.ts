import "server-only";
import { db } from "../../db/client";
import { requireAdmin, type Actor } from "../../auth/actor";
import { parseInput } from "../../errors/parse-input";
import { aggregateDays } from "./aggregate";
import { fillMissingDays, readDays, refreshStaleDays, sumDays } from "./daily-stats";
import { addDays, daysBetween, emptyDay, utcDay, type DayStats } from "./day-stats";
import { overviewInput, type OverviewPeriod } from "./overview-input";
import { countPeople } from "./live-counts";
import { newestBadWithComment, type NewestBadRating } from "./newest-bad";
import {
  dailySeries,
  summarizeModels,
  topBadReasons,
  type ModelReasons,
  type ModelSeries,
  type ModelSummary,
} from "./summarize";

export type OverviewTotals = {
  users: number;
  conversations: number;
  messages: number;
  /** Assistant messages. */
  answers: number;
  /** Answers with a rating (only an answer's author rates it, so one rating per answer at most). */
  ratedAnswers: number;
  /** ratedAnswers / answers; null without answers. */
  shareRated: number | null;
};

export type Overview = {
  days: OverviewPeriod;
  /** First and last day of the period (UTC, YYYY-MM-DD); the last one is today. */
  from: string;
  to: string;
  /** All time. */
  totals: OverviewTotals;
  /**
   * The period: users who signed up, conversations started, messages and answers written in it, and of
   * those answers the ones rated so far; plus the ratings given in it, whatever the answer's age.
   */
  period: OverviewTotals & { ratings: number; up: number; down: number; positiveRate: number | null };
  /** Models that answered or were rated in the period, most rated first. */
  models: ModelSummary[];
  /** One point per day of the period for each rated model, in the order of `models`. */
  series: { days: string[]; models: ModelSeries[] };
  reasons: ModelReasons[];
  newestBad: NewestBadRating[];
};

/**
 * Everything the admin overview shows, for the last 7, 30 or 90 days (today included, UTC days).
 * Admin-only. Fast at any size: closed days come from the DailyStats rollup (daily-stats.ts), today
 * is counted live, the rest are small tables or index walks that stop early.
 */
export async function getOverview(actor: Actor, raw: unknown): Promise<Overview> {
  await requireAdmin(actor);
  const { days } = parseInput(overviewInput, raw ?? {});
  const today = utcDay(new Date());
  const from = addDays(today, -(days - 1));
  await fillMissingDays(today);

  const [closed, live, allTime, people, newestBad] = await Promise.all([
    readDays(from, today),
    aggregateDays(db(), today, null, { concurrent: true }),
    sumDays(today),
    countPeople(from),
    newestBadWithComment(new Date(`${from}T00:00:00Z`)),
  ]);
  const todayStats = live.get(today) ?? emptyDay(today);
  const period = [...closed, todayStats];
  // A day without any row (nothing happened) still gets its place on the chart.
  const byDay = new Map(period.map((day) => [day.day, day]));
  const periodDays = daysBetween(from, addDays(today, 1)).map((day) => byDay.get(day) ?? emptyDay(day));

  const models = summarizeModels(periodDays);
  const sum = (pick: (day: DayStats) => number) => periodDays.reduce((total, day) => total + pick(day), 0);
  const up = sum((day) => day.up);
  const down = sum((day) => day.down);
  const periodAnswers = sum((day) => day.answers);
  const periodRated = sum((day) => day.rated);
  const answers = allTime.answers + todayStats.answers;
  // All time, every rating is one rated answer; counted by the day it was given, so that today's are in.
  const ratedAnswers = allTime.ratings + todayStats.up + todayStats.down;

  return {
    days,
    from,
    to: today,
    totals: {
      users: people.users,
      conversations: people.conversations,
      messages: allTime.messages + todayStats.messages,
      answers,
      ratedAnswers,
      shareRated: ratio(ratedAnswers, answers),
    },
    period: {
      users: people.newUsers,
      conversations: people.newConversations,
      messages: sum((day) => day.messages),
      answers: periodAnswers,
      ratedAnswers: periodRated,
      shareRated: ratio(periodRated, periodAnswers),
      ratings: up + down,
      up,
      down,
      positiveRate: ratio(up, up + down),
    },
    models,
    series: { days: periodDays.map((day) => day.day), models: dailySeries(periodDays, models) },
    reasons: topBadReasons(periodDays, models),
    newestBad,
  };
}

/**
 * Recomputes rollup days that may have changed since they were counted (daily-stats.ts explains when).
 * The overview page runs it after its response is sent, so no visit waits for it. Admin-only.
 */
export async function refreshOverviewStats(actor: Actor): Promise<number> {
  await requireAdmin(actor);
  return refreshStaleDays(utcDay(new Date()));
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
