import { fitBradleyTerry, toRatings, type PairCount } from "./bradley-terry";
import { fittable, strongComponents } from "./connectivity";
import { mulberry32, multinomial } from "./random";

// From counted outcomes to the leaderboard: who may be ranked, the Bradley–Terry ratings, their
// bootstrap intervals and the win-rate matrix. Pure and deterministic (docs/leaderboard.md explains
// every choice), so the unit tests check it without a database.

/** Who won one comparison of modelA and modelB. "Both are bad" arrives as a tie. */
export type Outcome = "a" | "b" | "tie";
export type OutcomeCount = { modelA: string; modelB: string; outcome: Outcome; count: number };

/** Why a model is not ranked ("not enough data"). */
export type UnrankedReason = "too-few-votes" | "never-lost" | "never-won" | "not-linked";

export type Standing = {
  model: string;
  /** Comparisons involving the model (within the filters). */
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  /** (wins + ties / 2) / votes. */
  winRate: number;
  rank: number | null;
  rating: number | null;
  /** The 95% bootstrap interval of the rating. */
  low: number | null;
  high: number | null;
  unranked: UnrankedReason | null;
};

/** The win-rate matrix: row model against column model; null where they never met. */
export type MatrixCell = { share: number; count: number } | null;

export type Standings = {
  standings: Standing[];
  /** In the standings' order, row i against column j. */
  matrix: MatrixCell[][];
  comparisons: number;
  rounds: number;
  minVotes: number;
};

export type StandingsOptions = { minVotes?: number; rounds?: number; seed?: number };

/** Fewer comparisons than this and a model is "not enough data": its interval would span hundreds of points. */
export const MIN_VOTES = 20;
export const BOOTSTRAP_ROUNDS = 200;
export const BOOTSTRAP_SEED = 20_231_216;

type Tally = { a: string; b: string; winsA: number; winsB: number; ties: number };

/** Counts per unordered pair, keyed and ordered by model id, so that input order never matters. */
function tallyPairs(rows: readonly OutcomeCount[]): Tally[] {
  const byPair = new Map<string, Tally>();
  for (const { modelA, modelB, outcome, count } of rows) {
    if (!modelA || !modelB || modelA === modelB || count <= 0) continue;
    const swapped = modelA > modelB;
    const [a, b] = swapped ? [modelB, modelA] : [modelA, modelB];
    const key = `${a}\u0000${b}`;
    const tally = byPair.get(key) ?? { a, b, winsA: 0, winsB: 0, ties: 0 };
    byPair.set(key, tally);
    if (outcome === "tie") tally.ties += count;
    else if ((outcome === "a") !== swapped) tally.winsA += count;
    else tally.winsB += count;
  }
  return [...byPair.values()].sort((x, y) => (x.a === y.a ? (x.b < y.b ? -1 : 1) : x.a < y.a ? -1 : 1));
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Percentile intervals from `rounds` resamples of the comparisons between the ranked models: each is a
 * multinomial draw over the (pair, outcome) cells, refitted. A resample in which the MLE does not exist
 * (a model that happened to draw no loss) gets the Haldane–Anscombe correction: half a tie added to
 * every pair that met, which keeps its rating finite.
 */
function bootstrap(
  k: number,
  pairs: readonly PairCount[],
  tallies: readonly Tally[],
  options: Required<StandingsOptions>,
) {
  const random = mulberry32(options.seed);
  const cells = tallies.flatMap((t) => [t.winsA, t.winsB, t.ties]);
  const total = cells.reduce((sum, count) => sum + count, 0);
  const samples: number[][] = Array.from({ length: k }, () => []);
  for (let round = 0; round < options.rounds; round++) {
    const drawn = multinomial(total, cells, random);
    let resampled = pairs.map(({ i, j }, p) => {
      const [winsA, winsB, ties] = [drawn[3 * p]!, drawn[3 * p + 1]!, drawn[3 * p + 2]!];
      return { i, j, n: winsA + winsB + ties, wins: winsA + ties / 2 };
    });
    if (!fittable(k, resampled)) {
      resampled = resampled.map((pair) => ({ ...pair, n: pair.n + 0.5, wins: pair.wins + 0.25 }));
    }
    toRatings(fitBradleyTerry(k, resampled).theta).forEach((rating, i) => samples[i]!.push(rating));
  }
  return samples.map((values) => {
    const sorted = values.sort((a, b) => a - b);
    return { low: quantile(sorted, 0.025), high: quantile(sorted, 0.975) };
  });
}

/** The component that is fitted: the one holding the most comparisons among its own models. */
function mainComponent(components: number[][], pairs: readonly PairCount[]): Set<number> {
  let best: number[] = [];
  let bestVotes = -1;
  for (const component of components) {
    const inside = new Set(component);
    const votes = pairs.reduce((sum, p) => (inside.has(p.i) && inside.has(p.j) ? sum + p.n : sum), 0);
    if (votes > bestVotes || (votes === bestVotes && component.length > best.length)) {
      best = component;
      bestVotes = votes;
    }
  }
  return new Set(best.length >= 2 ? best : []);
}

/** Why an eligible model outside the fitted group is not ranked, from its results against that group. */
function unrankedReason(pairs: readonly PairCount[], index: number, ranked: Set<number>): UnrankedReason {
  let won = 0;
  let lost = 0;
  for (const { i, j, n, wins } of pairs) {
    if (i === index && ranked.has(j)) [won, lost] = [won + wins, lost + n - wins];
    if (j === index && ranked.has(i)) [won, lost] = [won + n - wins, lost + wins];
  }
  if (won === 0 && lost === 0) return "not-linked";
  return lost === 0 ? "never-lost" : won === 0 ? "never-won" : "not-linked";
}

/** The leaderboard of the counted outcomes `rows` (any order, any number of rows per cell). */
export function computeStandings(rows: readonly OutcomeCount[], options: StandingsOptions = {}): Standings {
  const settings = {
    minVotes: options.minVotes ?? MIN_VOTES,
    rounds: options.rounds ?? BOOTSTRAP_ROUNDS,
    seed: options.seed ?? BOOTSTRAP_SEED,
  };
  const tallies = tallyPairs(rows);
  const names = [...new Set(tallies.flatMap((t) => [t.a, t.b]))].sort();
  const at = new Map(names.map((name, i) => [name, i]));
  const standings: Standing[] = names.map((model) => ({
    model,
    votes: 0,
    wins: 0,
    losses: 0,
    ties: 0,
    winRate: 0,
    rank: null,
    rating: null,
    low: null,
    high: null,
    unranked: null,
  }));
  for (const t of tallies) {
    const [a, b] = [standings[at.get(t.a)!]!, standings[at.get(t.b)!]!];
    a.wins += t.winsA;
    a.losses += t.winsB;
    b.wins += t.winsB;
    b.losses += t.winsA;
    a.ties += t.ties;
    b.ties += t.ties;
  }
  for (const s of standings) {
    s.votes = s.wins + s.losses + s.ties;
    s.winRate = s.votes > 0 ? (s.wins + s.ties / 2) / s.votes : 0;
  }

  // Models with enough votes, and among them the strongly connected group that can be fitted.
  const eligible = names.map((_, i) => i).filter((i) => standings[i]!.votes >= settings.minVotes);
  const local = new Map(eligible.map((model, i) => [model, i]));
  const eligibleTallies = tallies.filter((t) => local.has(at.get(t.a)!) && local.has(at.get(t.b)!));
  const eligiblePairs: PairCount[] = eligibleTallies.map((t) => ({
    i: local.get(at.get(t.a)!)!,
    j: local.get(at.get(t.b)!)!,
    n: t.winsA + t.winsB + t.ties,
    wins: t.winsA + t.ties / 2,
  }));
  const main = mainComponent(strongComponents(eligible.length, eligiblePairs), eligiblePairs);

  for (const [i, s] of standings.entries()) {
    if (s.votes < settings.minVotes) s.unranked = "too-few-votes";
    else if (!main.has(local.get(i)!)) s.unranked = unrankedReason(eligiblePairs, local.get(i)!, main);
  }

  if (main.size >= 2)
    fitMain(
      [...main].sort((a, b) => a - b),
      eligible,
      eligibleTallies,
      eligiblePairs,
      standings,
      settings,
    );

  const order = [...standings].sort(
    (x, y) =>
      (y.rating ?? -Infinity) - (x.rating ?? -Infinity) || y.votes - x.votes || (x.model < y.model ? -1 : 1),
  );
  order.forEach((s, i) => {
    if (s.rating !== null) s.rank = i + 1;
  });
  const position = new Map(order.map((s, i) => [s.model, i]));
  const matrix: MatrixCell[][] = order.map(() => order.map(() => null));
  for (const t of tallies) {
    const [r, c] = [position.get(t.a)!, position.get(t.b)!];
    const count = t.winsA + t.winsB + t.ties;
    matrix[r]![c] = { share: (t.winsA + t.ties / 2) / count, count };
    matrix[c]![r] = { share: (t.winsB + t.ties / 2) / count, count };
  }
  return {
    standings: order,
    matrix,
    comparisons: tallies.reduce((sum, t) => sum + t.winsA + t.winsB + t.ties, 0),
    ...settings,
  };
}

/** Fits the models of the main component (indices into `eligible`) and their bootstrap intervals. */
function fitMain(
  members: number[],
  eligible: number[],
  eligibleTallies: Tally[],
  eligiblePairs: PairCount[],
  standings: Standing[],
  settings: Required<StandingsOptions>,
) {
  const inMain = new Map(members.map((model, i) => [model, i]));
  const kept = eligiblePairs.flatMap((p, index) =>
    inMain.has(p.i) && inMain.has(p.j)
      ? [{ pair: { ...p, i: inMain.get(p.i)!, j: inMain.get(p.j)! }, tally: eligibleTallies[index]! }]
      : [],
  );
  const pairs = kept.map((k) => k.pair);
  const ratings = toRatings(fitBradleyTerry(members.length, pairs).theta);
  const intervals = bootstrap(
    members.length,
    pairs,
    kept.map((k) => k.tally),
    settings,
  );
  members.forEach((member, i) => {
    const s = standings[eligible[member]!]!;
    s.rating = ratings[i]!;
    s.low = intervals[i]!.low;
    s.high = intervals[i]!.high;
  });
}
