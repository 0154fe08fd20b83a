import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { getFineTuningOverview } from "@/lib/fine-tuning/job-view";
import { ACCOUNT_KIND_LABELS } from "@/lib/fine-tuning/schemas";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { AccountForm } from "@/components/admin/fine-tuning/account-form";
import { NewJobForm } from "@/components/admin/fine-tuning/new-job-form";
import { StatusBadge } from "@/components/admin/fine-tuning/status-badge";

export const metadata: Metadata = { title: "Fine-tuning" };

export default async function FineTuningPage() {
  const actor = await currentActor();
  const overview = await loadOr404(() => getFineTuningOverview(actor));
  return (
    <main className="flex flex-col gap-8">
      <h1 className="text-2xl font-semibold tracking-tight">Fine-tuning</h1>
      <section aria-labelledby="jobs-heading" className="flex flex-col gap-2">
        <h2 id="jobs-heading" className="text-lg font-semibold">
          Jobs
        </h2>
        {overview.jobs.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No fine-tuning jobs yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th className="py-2">Started</th>
                <th>Base model</th>
                <th>Method</th>
                <th>Dataset</th>
                <th>Status</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {overview.jobs.map((job) => (
                <tr key={job.id} className="border-b border-zinc-100 dark:border-zinc-900">
                  <td className="py-2">
                    <Link href={`/admin/fine-tuning/${job.id}`} className="underline">
                      {job.createdAt.toISOString().slice(0, 16).replace("T", " ")}
                    </Link>
                  </td>
                  <td className="font-mono">{job.baseModel}</td>
                  <td>{job.method === "dpo" ? "DPO" : "Supervised"}</td>
                  <td>{job.datasetName ?? "deleted"}</td>
                  <td>
                    <StatusBadge status={job.status} />
                  </td>
                  <td className="font-mono">{job.fineTunedModel ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="new-job-heading" className="flex flex-col gap-2">
        <h2 id="new-job-heading" className="text-lg font-semibold">
          New fine-tuning job
        </h2>
        <NewJobForm overview={overview} />
      </section>
      <section aria-labelledby="accounts-heading" className="flex flex-col gap-4">
        <h2 id="accounts-heading" className="text-lg font-semibold">
          Accounts
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          OpenAI and OpenAI-compatible providers from Admin → Models can fine-tune with their own key. Add
          separate credentials here for Together, Fireworks or a self-hosted trainer.
        </p>
        {overview.accounts.map((account) => (
          <details key={account.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <summary className="cursor-pointer text-sm">
              {account.name} · {ACCOUNT_KIND_LABELS[account.kind]} · {account.apiKeyMask || "no key"}
            </summary>
            <div className="mt-3">
              <AccountForm account={account} providers={overview.providers} />
            </div>
          </details>
        ))}
        <h3 className="text-base font-medium">Add an account</h3>
        <AccountForm providers={overview.providers} />
      </section>
    </main>
  );
}
