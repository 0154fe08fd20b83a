import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { getFineTuneJob } from "@/lib/fine-tuning/job-view";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { LossChart } from "@/components/admin/fine-tuning/loss-chart";
import { JobActions, RefreshWhileActive } from "@/components/admin/fine-tuning/job-actions";
import { StatusBadge } from "@/components/admin/fine-tuning/status-badge";

export const metadata: Metadata = { title: "Fine-tuning job" };

const FINAL = new Set(["succeeded", "failed", "cancelled"]);

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[12rem_1fr] gap-2 py-1">
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

export default async function FineTuneJobPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  const { id } = await params;
  const job = await loadOr404(() => getFineTuneJob(actor, id));
  const active = !FINAL.has(job.status);
  const hyper = Object.entries(job.hyperparameters);
  return (
    <main className="flex flex-col gap-6">
      <RefreshWhileActive active={active} />
      <Link href="/admin/fine-tuning" className="text-sm underline">
        ← Fine-tuning
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">
        {job.baseModel}
        {job.suffix ? ` · ${job.suffix}` : ""}
      </h1>
      <dl className="text-sm">
        <Row label="Status">
          <StatusBadge status={job.status} />
          {job.providerStatus ? (
            <span className="ml-2 font-mono text-zinc-500">provider: {job.providerStatus}</span>
          ) : null}
          {active && job.pollFailures > 0 ? (
            <span className="ml-2 text-zinc-500">
              {`(the provider did not answer ${job.pollFailures} time(s); next try ${job.nextPollAt.toISOString().slice(11, 19)} UTC)`}
            </span>
          ) : null}
        </Row>
        {job.error ? (
          <Row label="Failure">
            <p role="alert" className="text-red-800 dark:text-red-300">
              {job.error}
            </p>
          </Row>
        ) : null}
        <Row label="Dataset">
          {job.dataset ? (
            <Link href={`/admin/datasets/${job.dataset.id}`} className="underline">
              {job.dataset.name}
            </Link>
          ) : (
            "deleted"
          )}
          <span className="ml-2 font-mono text-xs text-zinc-500">sha256 {job.datasetSha256}</span>
        </Row>
        <Row label="Account">
          {job.credentials.href ? (
            <Link href={job.credentials.href} className="underline">
              {job.credentials.label}
            </Link>
          ) : (
            job.credentials.label
          )}
        </Row>
        <Row label="Base model">
          <span className="font-mono">{job.baseModel}</span>
        </Row>
        <Row label="Method">{job.method === "dpo" ? "DPO (preference)" : "Supervised"}</Row>
        <Row label="Hyperparameters">
          {hyper.length === 0 ? "provider defaults" : hyper.map(([k, v]) => `${k} = ${String(v)}`).join(", ")}
          {job.seed !== null ? `, seed ${job.seed}` : ""}
        </Row>
        {job.providerJobId ? (
          <Row label="Provider job">
            <span className="font-mono">{job.providerJobId}</span>
          </Row>
        ) : null}
        {job.fineTunedModel ? (
          <Row label="Trained model">
            <span className="font-mono">{job.fineTunedModel}</span>
          </Row>
        ) : null}
        {job.registered ? (
          <Row label="Registered model">
            {job.registered.modelConfigId ? (
              <Link
                href={`/admin/models/models/${job.registered.modelConfigId}`}
                className="font-mono underline"
              >
                {job.registered.modelId}
              </Link>
            ) : (
              <span className="font-mono">{job.registered.modelId} (since removed)</span>
            )}
            <span className="ml-2 text-zinc-500">added disabled: evaluate it, then enable it.</span>
          </Row>
        ) : null}
      </dl>
      <JobActions
        jobId={job.id}
        canCancel={active}
        canResume={job.status === "failed"}
        needsProvider={job.needsProvider}
        providers={job.providers}
      />
      <section aria-labelledby="loss-heading" className="flex flex-col gap-2">
        <h2 id="loss-heading" className="text-lg font-semibold">
          Loss
        </h2>
        <LossChart points={job.events} />
      </section>
      <section aria-labelledby="events-heading" className="flex flex-col gap-2">
        <h2 id="events-heading" className="text-lg font-semibold">
          Events
        </h2>
        {job.events.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No events yet.</p>
        ) : (
          <ol className="flex flex-col gap-1 text-sm" aria-label="Events">
            {job.events.map((e) => (
              <li key={e.id} className={e.level === "error" ? "text-red-800 dark:text-red-300" : ""}>
                <span className="font-mono text-xs text-zinc-500">
                  {e.createdAt.toISOString().slice(0, 19).replace("T", " ")}
                </span>{" "}
                {e.message}
                {e.step !== null ? (
                  <span className="text-zinc-500">
                    {` (step ${e.step}${e.trainLoss !== null ? `, train loss ${e.trainLoss}` : ""}${
                      e.validLoss !== null ? `, valid loss ${e.validLoss}` : ""
                    })`}
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </main>
  );
}
