import type { Leaderboard } from "@/lib/leaderboard/leaderboard";
import { RatingsTable } from "./ratings-table";
import { WinRateMatrix } from "./win-rate-matrix";

/** The leaderboard below its filters: the ratings, then the win-rate matrix. Read-only. */
export function LeaderboardView({ board }: { board: Leaderboard }) {
  return (
    <>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        {board.comparisons.toLocaleString("en")} comparisons. Ratings come from a Bradley–Terry fit: 1000 is
        the average model, and 400 points mean 10 to 1 odds. A tie or “both are bad” counts as half a win for
        each side. The 95% intervals come from {board.rounds} bootstrap resamples with a fixed seed. A model
        with fewer than {board.minVotes} votes shows “not enough data”.
      </p>
      <RatingsTable standings={board.standings} names={board.names} minVotes={board.minVotes} />
      {board.standings.length >= 2 ? (
        <section aria-labelledby="win-rates" className="mt-8">
          <h2 id="win-rates" className="text-base font-semibold">
            Win rates
          </h2>
          <WinRateMatrix
            models={board.standings.map((s) => s.model)}
            matrix={board.matrix}
            names={board.names}
          />
        </section>
      ) : null}
    </>
  );
}
