import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/session";
import { getTrialResults } from "@/lib/evaluation/trial/trial-results";
import { listTrialChoices } from "@/lib/evaluation/trial/trial-settings";
import { listPromotions } from "@/lib/models/admin/promotion";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { TrialForm } from "@/components/admin/evaluation/trial-form";
import { TrialResultsView } from "@/components/admin/evaluation/trial-results-view";
import { PromoteButton } from "@/components/admin/evaluation/promote-button";
import { PromotionHistory } from "@/components/admin/evaluation/promotion-history";

export const metadata: Metadata = { title: "Live traffic trial" };

export default async function LiveTrialPage({
  searchParams,
}: {
  searchParams: Promise<{ candidate?: string }>;
}) {
  const actor = await currentActor();
  const [results, choices, promotions, query] = await Promise.all([
    loadOr404(() => getTrialResults(actor)),
    loadOr404(() => listTrialChoices(actor)),
    loadOr404(() => listPromotions(actor)),
    searchParams,
  ]);
  const { trial } = results;
  // "Try it on live traffic" from a model page names the candidate when no trial runs.
  const suggested = !trial.running && typeof query.candidate === "string" ? query.candidate : null;
  const candidate = trial.candidateModelId;
  return (
    <main className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Live traffic trial</h1>
      <section aria-labelledby="trial-heading" className="flex flex-col gap-2">
        <h2 id="trial-heading" className="text-lg font-semibold">
          Trial
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {trial.running
            ? `Running: ${trial.sharePercent} % of new chats on ${trial.baselineModelId} are answered by ${trial.candidateModelId}.`
            : "No trial is running. New chats on the baseline are sent to the candidate at the share you set; each conversation keeps the model it got."}
        </p>
        <TrialForm
          candidates={choices.candidates}
          baselines={choices.baselines}
          current={{ ...trial, candidateModelId: suggested ?? trial.candidateModelId }}
        />
      </section>
      <section aria-labelledby="results-heading" className="flex flex-col gap-2">
        <h2 id="results-heading" className="text-lg font-semibold">
          Results
        </h2>
        <TrialResultsView results={results} />
        {!candidate ? null : candidate === choices.defaultModelId ? (
          <p className="text-sm">{candidate} is the default for new chats.</p>
        ) : (
          <PromoteButton modelId={candidate} />
        )}
      </section>
      <section aria-labelledby="promotions-heading" className="flex flex-col gap-2">
        <h2 id="promotions-heading" className="text-lg font-semibold">
          Promotions
        </h2>
        <PromotionHistory promotions={promotions} />
      </section>
    </main>
  );
}
