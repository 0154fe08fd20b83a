// The leaderboard's statistics against answers computed independently here: a closed form for two
// models, and a reference fit (Hunter's MM algorithm, a different method from the app's Newton steps)
// for more.
import { describe, expect, it } from "vitest";
import { computeStandings, type Outcome, type OutcomeCount } from "@/lib/leaderboard/standings";

const SCALE = 400 / Math.log(10);

/** One row per comparison: [model A, model B, who won]. */
type Vote = [string, string, Outcome];

const votes = (a: string, b: string, outcome: Outcome, times: number): Vote[] =>
  Array.from({ length: times }, () => [a, b, outcome]);
const rows = (list: Vote[]): OutcomeCount[] =>
  list.map(([modelA, modelB, outcome]) => ({ modelA, modelB, outcome, count: 1 }));

function ratingOf(result: ReturnType<typeof computeStandings>, model: string): number {
  const rating = result.standings.find((s) => s.model === model)?.rating;
  if (rating === null || rating === undefined) throw new Error(`${model} is not rated`);
  return rating;
}

/** Hunter's MM iteration for Bradley–Terry, from the raw votes (ties are half a win each way). */
function referenceRatings(list: Vote[]): Map<string, number> {
  const models = [...new Set(list.flatMap(([a, b]) => [a, b]))].sort();
  const wins = new Map(models.map((m) => [m, 0]));
  const met = new Map<string, number>();
  const key = (a: string, b: string) => `${a}|${b}`;
  for (const [a, b, outcome] of list) {
    const share = outcome === "a" ? 1 : outcome === "b" ? 0 : 0.5;
    wins.set(a, wins.get(a)! + share);
    wins.set(b, wins.get(b)! + 1 - share);
    met.set(key(a, b), (met.get(key(a, b)) ?? 0) + 1);
    met.set(key(b, a), (met.get(key(b, a)) ?? 0) + 1);
  }
  let strength = new Map(models.map((m) => [m, 1]));
  for (let iteration = 0; iteration < 200_000; iteration++) {
    const next = new Map<string, number>();
    for (const i of models) {
      let denominator = 0;
      for (const j of models) {
        const n = met.get(key(i, j)) ?? 0;
        if (n > 0) denominator += n / (strength.get(i)! + strength.get(j)!);
      }
      next.set(i, wins.get(i)! / denominator);
    }
    const logMean = models.reduce((sum, m) => sum + Math.log(next.get(m)!), 0) / models.length;
    for (const m of models) next.set(m, Math.exp(Math.log(next.get(m)!) - logMean));
    const change = Math.max(...models.map((m) => Math.abs(Math.log(next.get(m)! / strength.get(m)!))));
    strength = next;
    if (change < 1e-15) break;
  }
  return new Map(models.map((m) => [m, 1000 + SCALE * Math.log(strength.get(m)!)]));
}

const FOUR: Vote[] = [
  ...votes("alpha", "beta", "a", 14),
  ...votes("alpha", "beta", "b", 6),
  ...votes("alpha", "beta", "tie", 3),
  ...votes("beta", "gamma", "a", 9),
  ...votes("gamma", "beta", "a", 8),
  ...votes("gamma", "delta", "a", 12),
  ...votes("gamma", "delta", "b", 5),
  ...votes("delta", "alpha", "a", 4),
  ...votes("delta", "alpha", "b", 11),
  ...votes("delta", "alpha", "tie", 2),
  ...votes("alpha", "gamma", "a", 7),
  ...votes("alpha", "gamma", "b", 7),
  ...votes("beta", "delta", "tie", 5),
  ...votes("beta", "delta", "a", 3),
];

describe("Bradley–Terry fit", () => {
  it("agrees with the closed form for two models within 1e-6", () => {
    const list = [
      ...votes("m1", "m2", "a", 30),
      ...votes("m1", "m2", "b", 12),
      ...votes("m2", "m1", "tie", 6),
    ];
    const result = computeStandings(rows(list));
    const p = (30 + 6 / 2) / 48;
    const gap = 400 * Math.log10(p / (1 - p));
    expect(Math.abs(ratingOf(result, "m1") - ratingOf(result, "m2") - gap)).toBeLessThan(1e-6);
    expect(Math.abs(ratingOf(result, "m1") - (1000 + gap / 2))).toBeLessThan(1e-6);
    expect(Math.abs(ratingOf(result, "m2") - (1000 - gap / 2))).toBeLessThan(1e-6);
    expect(result.standings.map((s) => [s.model, s.rank, s.votes])).toEqual([
      ["m1", 1, 48],
      ["m2", 2, 48],
    ]);
  });

  it("agrees with a reference MM fit for four models within 1e-6, centred on 1000", () => {
    const result = computeStandings(rows(FOUR));
    const reference = referenceRatings(FOUR);
    for (const [model, rating] of reference)
      expect(Math.abs(ratingOf(result, model) - rating)).toBeLessThan(1e-6);
    const mean = result.standings.reduce((sum, s) => sum + s.rating!, 0) / 4;
    expect(Math.abs(mean - 1000)).toBeLessThan(1e-9);
    expect(result.standings.map((s) => s.rank)).toEqual([1, 2, 3, 4]);
  });

  it("gives the same ratings and intervals whatever the order and orientation of the comparisons", () => {
    const base = computeStandings(rows(FOUR));
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const shuffled = [...FOUR]
      .map((vote) => ({ vote, order: random() }))
      .sort((x, y) => x.order - y.order)
      .map(({ vote: [a, b, outcome] }): Vote =>
        // Half of them stored the other way round: B first, and the outcome flipped with it.
        random() < 0.5 ? [b, a, outcome === "a" ? "b" : outcome === "b" ? "a" : "tie"] : [a, b, outcome],
      );
    expect(computeStandings(rows(shuffled))).toEqual(base);
    // Counts grouped differently (as SQL returns them) change nothing either.
    const grouped = new Map<string, OutcomeCount>();
    for (const [modelA, modelB, outcome] of FOUR) {
      const key = `${modelA}|${modelB}|${outcome}`;
      const row = grouped.get(key) ?? { modelA, modelB, outcome, count: 0 };
      row.count++;
      grouped.set(key, row);
    }
    expect(computeStandings([...grouped.values()].reverse())).toEqual(base);
  });

  it("counts a tie as half a win for each side", () => {
    const minVotes = 1;
    const withTies = computeStandings(
      rows([...votes("x", "y", "a", 2), ...votes("x", "y", "tie", 2), ...votes("x", "y", "b", 2)]),
      { minVotes },
    );
    const asWins = computeStandings(rows([...votes("x", "y", "a", 3), ...votes("x", "y", "b", 3)]), {
      minVotes,
    });
    expect(Math.abs(ratingOf(withTies, "x") - 1000)).toBeLessThan(1e-9);
    expect(Math.abs(ratingOf(asWins, "x") - 1000)).toBeLessThan(1e-9);

    // 2 wins and 2 ties over 2 losses is 3 wins to 3… and 3 to 1 when the ties replace losses.
    const tiesForLosses = computeStandings(rows([...votes("x", "y", "a", 2), ...votes("x", "y", "tie", 2)]), {
      minVotes,
    });
    const gap = 400 * Math.log10(3);
    expect(Math.abs(ratingOf(tiesForLosses, "x") - ratingOf(tiesForLosses, "y") - gap)).toBeLessThan(1e-6);
    const equivalent = computeStandings(rows([...votes("x", "y", "a", 3), ...votes("x", "y", "b", 1)]), {
      minVotes,
    });
    expect(Math.abs(ratingOf(equivalent, "x") - ratingOf(tiesForLosses, "x"))).toBeLessThan(1e-9);
    const x = tiesForLosses.standings.find((s) => s.model === "x")!;
    expect([x.wins, x.ties, x.losses, x.winRate]).toEqual([2, 2, 0, 0.75]);
  });
});

describe("bootstrap intervals", () => {
  it("are the same on every run, contain the estimate, and move with the seed", () => {
    const first = computeStandings(rows(FOUR));
    const second = computeStandings(rows(FOUR));
    expect(second).toEqual(first);
    expect(first.rounds).toBe(200);
    for (const s of first.standings) {
      expect(s.low!).toBeLessThan(s.rating!);
      expect(s.high!).toBeGreaterThan(s.rating!);
    }
    const other = computeStandings(rows(FOUR), { seed: 99 });
    expect(other.standings.map((s) => s.rating)).toEqual(first.standings.map((s) => s.rating));
    expect(other.standings.map((s) => s.low)).not.toEqual(first.standings.map((s) => s.low));
  });

  it("stay finite when resamples lose a model's only loss, and still contain the estimate", () => {
    // "top" lost once in 30: about e^-1 of the resamples draw no loss for it, where the MLE does not
    // exist; those rounds get the Haldane–Anscombe correction instead of an infinite rating.
    const list = [
      ...votes("top", "mid", "a", 29),
      ...votes("top", "mid", "b", 1),
      ...votes("mid", "low", "a", 15),
      ...votes("mid", "low", "b", 10),
    ];
    const result = computeStandings(rows(list));
    const top = result.standings[0]!;
    expect(top.model).toBe("top");
    expect(Number.isFinite(top.high)).toBe(true);
    expect(top.low!).toBeLessThan(top.rating!);
    expect(top.high!).toBeGreaterThan(top.rating!);
    // The closed form for top over mid, 29 to 1, bounds the estimate's scale: the gap is log-odds 29.
    const mid = result.standings.find((s) => s.model === "mid")!;
    expect(Math.abs(top.rating! - mid.rating! - 400 * Math.log10(29))).toBeLessThan(1e-6);
  });

  it("narrow as the comparisons grow", () => {
    const small = computeStandings(rows(FOUR));
    const large = computeStandings(rows(FOUR).map((row) => ({ ...row, count: 100 })));
    const width = (r: typeof small, m: string) => {
      const s = r.standings.find((x) => x.model === m)!;
      return s.high! - s.low!;
    };
    expect(width(large, "alpha")).toBeLessThan(width(small, "alpha") / 5);
  });
});

describe("not enough data", () => {
  it("leaves models with too few votes, that never lost or never won, or that are cut off, unranked", () => {
    const list: Vote[] = [
      ...FOUR,
      // Few votes: 5 comparisons.
      ...votes("rare", "alpha", "a", 3),
      ...votes("rare", "beta", "b", 2),
      // Won all 25 of its comparisons: no finite maximum-likelihood rating.
      ...votes("champion", "gamma", "a", 25),
      // Lost all 21.
      ...votes("loser", "delta", "b", 21),
      // Two models that only ever met each other.
      ...votes("island1", "island2", "a", 15),
      ...votes("island1", "island2", "b", 15),
    ];
    const result = computeStandings(rows(list));
    const byModel = new Map(result.standings.map((s) => [s.model, s]));
    expect(byModel.get("rare")).toMatchObject({
      votes: 5,
      rank: null,
      rating: null,
      unranked: "too-few-votes",
    });
    expect(byModel.get("champion")).toMatchObject({ votes: 25, rank: null, unranked: "never-lost" });
    expect(byModel.get("loser")).toMatchObject({ votes: 21, rank: null, unranked: "never-won" });
    expect(byModel.get("island1")).toMatchObject({ votes: 30, rank: null, unranked: "not-linked" });
    expect(
      result.standings
        .filter((s) => s.rank !== null)
        .map((s) => s.model)
        .sort(),
    ).toEqual(["alpha", "beta", "delta", "gamma"]);
    // The ranked ones are fitted on their own comparisons only: the same as the four alone.
    const alone = computeStandings(rows(FOUR));
    for (const s of alone.standings)
      expect(Math.abs(byModel.get(s.model)!.rating! - s.rating!)).toBeLessThan(1e-9);
    // The matrix still shows what happened: the champion beat gamma every time.
    const order = result.standings.map((s) => s.model);
    expect(result.matrix[order.indexOf("champion")]![order.indexOf("gamma")]).toEqual({
      share: 1,
      count: 25,
    });
    expect(result.matrix[order.indexOf("gamma")]![order.indexOf("champion")]).toEqual({
      share: 0,
      count: 25,
    });
    expect(result.matrix[order.indexOf("rare")]![order.indexOf("gamma")]).toBeNull();
  });

  it("ranks nobody with a single model or no comparisons", () => {
    expect(computeStandings([]).standings).toEqual([]);
    const result = computeStandings(rows(votes("solo", "solo", "a", 40)));
    expect(result.standings).toEqual([]);
  });
});
