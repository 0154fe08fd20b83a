import "server-only";
import { pool } from "../../db/client";
import { requireAdmin, type Actor } from "../../auth/actor";
import { getLiveTrial, type LiveTrialView } from "./trial-settings";
import {
  differenceSignificant,
  newcombeDifference,
  wilsonInterval,
  winRateSignificant,
  type Interval,
} from "./interval-math";
import {
  TRIAL_COMPARISONS,
  TRIAL_RATINGS,
  type TrialComparisonsRow,
  type TrialRatingsRow,
} from "./trial-results-sql";

export type RatingFigures = { modelId: string; up: number; down: number; votes: number; rate: Interval };

export type TrialResults = {
  trial: LiveTrialView;
  /** Null when no trial ever ran. */
  figures: {
    candidate: RatingFigures;
    baseline: RatingFigures;
    /** Candidate's rate − baseline's (Newcombe), and whether its interval excludes 0. */
    difference: Interval & { significant: boolean };
    comparisons: {
      wins: number;
      losses: number;
      ties: number;
      /** Wins over decisive comparisons (ties are reported, not counted), Wilson 95 %. */
      winRate: Interval & { significant: boolean };
      bySource: TrialComparisonsRow[];
    };
  } | null;
};

function ratingFigures(modelId: string, rows: TrialRatingsRow[]): RatingFigures {
  const row = rows.find((r) => r.modelId === modelId);
  const up = row?.up ?? 0;
  const down = row?.down ?? 0;
  return { modelId, up, down, votes: up + down, rate: wilsonInterval(up, up + down) };
}

/**
 * The running (or last) trial's figures since it started, until it stopped: each model's positive
 * rating rate, their difference, and the candidate's win rate against the baseline from every kind of
 * comparison between the two. Admin-only.
 */
export async function getTrialResults(actor: Actor, now: Date = new Date()): Promise<TrialResults> {
  await requireAdmin(actor);
  const trial = await getLiveTrial(actor);
  const { candidateModelId: candidate, baselineModelId: baseline, startedAt } = trial;
  if (!candidate || !baseline || !startedAt) return { trial, figures: null };
  const from = startedAt.toISOString();
  const to = (trial.stoppedAt ?? new Date(now.getTime() + 1)).toISOString();
  const [ratings, comparisons] = await Promise.all([
    pool().query<TrialRatingsRow>({ ...TRIAL_RATINGS, values: [[candidate, baseline], from, to] }),
    pool().query<TrialComparisonsRow>({ ...TRIAL_COMPARISONS, values: [candidate, baseline, from, to] }),
  ]);
  const c = ratingFigures(candidate, ratings.rows);
  const b = ratingFigures(baseline, ratings.rows);
  const difference = newcombeDifference(c.up, c.votes, b.up, b.votes);
  const sum = (key: "wins" | "losses" | "ties") =>
    comparisons.rows.reduce((total, row) => total + row[key], 0);
  const wins = sum("wins");
  const losses = sum("losses");
  const winRate = wilsonInterval(wins, wins + losses);
  return {
    trial,
    figures: {
      candidate: c,
      baseline: b,
      difference: {
        ...difference,
        significant: c.votes > 0 && b.votes > 0 && differenceSignificant(difference),
      },
      comparisons: {
        wins,
        losses,
        ties: sum("ties"),
        winRate: { ...winRate, significant: wins + losses > 0 && winRateSignificant(winRate) },
        bySource: comparisons.rows,
      },
    },
  };
}
