import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { getEvaluationResult } from "@/lib/evaluation/evaluation-view";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { AutoRefresh } from "@/components/admin/evaluations/auto-refresh";
import { CancelEvaluationButton } from "@/components/admin/evaluations/cancel-evaluation-button";
import { formatPercent, formatUsd } from "@/components/admin/evaluations/format";

export const metadata: Metadata = { title: "Evaluation" };

const ENDED = ["done", "cancelled", "failed", "stopped"];

export default async function EvaluationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  const { id } = await params;
  const e = await loadOr404(() => getEvaluationResult(actor, id));
  const { tally, winRate } = e;
  const running = e.status === "pending" || e.status === "running";
  return (
    <main className="flex flex-col gap-4">
      <AutoRefresh active={running} />
      <Link href="/admin/evaluations" className="text-sm underline">
        ← Evaluations
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">
        {e.candidateName} vs {e.baselineName}
      </h1>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Status</dt>
        <dd data-testid="evaluation-status">
          {e.status}
          {e.error ? ` — ${e.error}` : ""}
        </dd>
        <dt className="font-medium">Progress</dt>
        <dd>
          {e.counts.answered + e.counts.judged} of {e.counts.total} answered, {e.counts.judged} judged,{" "}
          {e.counts.failed} failed
        </dd>
        <dt className="font-medium">Dataset</dt>
        <dd>{e.datasetName ?? "—"} (validation split)</dd>
        <dt className="font-medium">Judge</dt>
        <dd>
          {e.judge === "model" ? `Judge model ${e.judgeModelId} (both orders)` : "Admins (review queue)"}
        </dd>
        <dt className="font-medium">Cost</dt>
        <dd>
          {formatUsd(e.spentUsd)} spent · {formatUsd(e.estimatedCostUsd)} estimated · cap{" "}
          {formatUsd(e.costCapUsd)}
        </dd>
      </dl>
      <section aria-label="Result" className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 className="text-lg font-medium">Candidate win rate</h2>
        <p className="text-3xl font-semibold" data-testid="win-rate">
          {formatPercent(winRate.rate)}
        </p>
        <p className="text-sm">
          95 % interval: {formatPercent(winRate.low)} – {formatPercent(winRate.high)} ·{" "}
          {winRate.significant
            ? `significant: the ${winRate.ahead === "candidate" ? "candidate" : "baseline"} is better`
            : "not significant (the interval includes 50 %)"}
        </p>
        <p className="text-sm" data-testid="tally">
          {tally.wins} wins · {tally.losses} losses · {tally.ties} ties · {tally.bothBad} both bad
        </p>
        <p className="mt-2 text-xs text-zinc-500">
          Win rate = wins / (wins + losses), with a Wilson score interval. Ties and “both are bad” are counted
          above but not in the rate.
        </p>
      </section>
      {e.failures.length > 0 ? (
        <section aria-label="Failures" className="text-sm">
          <h2 className="font-medium">Failed prompts</h2>
          <ul className="list-disc pl-5">
            {e.failures.map((f) => (
              <li key={f.position}>
                Prompt {f.position + 1}: {f.error}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="flex items-start gap-4">
        {e.judge === "admins" ? (
          <Link href={`/admin/evaluations/${e.id}/review`} className="text-sm underline">
            Review queue ({e.counts.answered} to judge)
          </Link>
        ) : null}
        {ENDED.includes(e.status) ? null : <CancelEvaluationButton evaluationId={e.id} />}
      </div>
    </main>
  );
}
