import type { TrialResults } from "@/lib/evaluation/trial/trial-results";
import { interval, percent, points } from "./format";

const Significance = ({ significant }: { significant: boolean }) =>
  significant ? (
    <strong className="text-emerald-800 dark:text-emerald-300">significant</strong>
  ) : (
    <span className="text-zinc-500">not significant</span>
  );

/** The trial's figures: each model's rating rate, their difference, and the head-to-head win rate. */
export function TrialResultsView({ results }: { results: TrialResults }) {
  const { figures, trial } = results;
  if (!figures || !trial.startedAt) return <p className="text-sm text-zinc-500">No trial has run yet.</p>;
  const { candidate, baseline, difference, comparisons } = figures;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Since {trial.startedAt.toISOString().replace("T", " ").slice(0, 16)} UTC
        {trial.stoppedAt ? `, until ${trial.stoppedAt.toISOString().replace("T", " ").slice(0, 16)} UTC` : ""}
        . 95 % intervals (Wilson; Newcombe for the difference).
      </p>
      <table className="w-full text-left text-sm">
        <caption className="text-left font-medium">Positive-rating rate</caption>
        <thead className="text-zinc-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Model</th>
            <th className="py-1 pr-3 font-medium">Votes</th>
            <th className="py-1 pr-3 font-medium">👍 / 👎</th>
            <th className="py-1 pr-3 font-medium">Positive</th>
            <th className="py-1 pr-3 font-medium">95 % interval</th>
          </tr>
        </thead>
        <tbody>
          {[
            ["Candidate", candidate],
            ["Baseline", baseline],
          ].map(([role, row]) => {
            const r = row as typeof candidate;
            return (
              <tr key={role as string} className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="row" className="py-1 pr-3 font-normal">
                  {role as string}: <span className="font-mono">{r.modelId}</span>
                </th>
                <td className="py-1 pr-3">{r.votes}</td>
                <td className="py-1 pr-3">
                  {r.up} / {r.down}
                </td>
                <td className="py-1 pr-3">{percent(r.rate.estimate)}</td>
                <td className="py-1 pr-3">{interval(r.rate)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="text-sm" data-testid="rating-difference">
        Difference (candidate − baseline): {points(difference.estimate)}, 95 % interval{" "}
        {points(difference.low)} to {points(difference.high)} —{" "}
        <Significance significant={difference.significant} />.
      </p>
      <div className="flex flex-col gap-1 text-sm" data-testid="win-rate">
        <h3 className="font-medium">Head to head (every comparison source)</h3>
        <p>
          Wins {comparisons.wins}, losses {comparisons.losses}, ties {comparisons.ties}. Win rate (ties left
          out) {percent(comparisons.winRate.estimate)}, 95 % interval {interval(comparisons.winRate)} —{" "}
          <Significance significant={comparisons.winRate.significant} />.
        </p>
        {comparisons.bySource.length > 0 ? (
          <p className="text-zinc-500">
            {comparisons.bySource.map((s) => `${s.source}: ${s.wins}–${s.losses}–${s.ties}`).join(" · ")}
          </p>
        ) : null}
      </div>
    </div>
  );
}
