import Link from "next/link";
import type { ModelLineageView } from "@/lib/fine-tuning/lineage-view";
import { LineageForm } from "./lineage-form";

/** A model's lineage on its page: where it came from, and the form to set it for a model trained elsewhere. */
export function ModelLineage({ modelConfigId, view }: { modelConfigId: string; view: ModelLineageView }) {
  const { lineage, dataset } = view;
  const hyper = lineage ? Object.entries(lineage.hyperparameters) : [];
  return (
    <section aria-labelledby="lineage-heading" className="flex max-w-2xl flex-col gap-3">
      <h2 id="lineage-heading" className="text-lg font-semibold">
        Lineage
      </h2>
      {lineage ? (
        <dl className="grid grid-cols-[10rem_1fr] gap-1 text-sm" data-testid="model-lineage">
          <dt className="text-zinc-600 dark:text-zinc-400">Base model</dt>
          <dd className="font-mono">{lineage.baseModel}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Dataset</dt>
          <dd className="break-all">
            {dataset ? (
              <Link href={`/admin/datasets/${dataset.id}`} className="underline">
                {dataset.name}
              </Link>
            ) : lineage.datasetId ? (
              "deleted"
            ) : (
              "not saved here"
            )}
            <span className="ml-2 font-mono text-xs text-zinc-500">sha256 {lineage.datasetSha256}</span>
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Job</dt>
          <dd>
            {lineage.jobId ? (
              <Link href={`/admin/fine-tuning/${lineage.jobId}`} className="underline">
                Fine-tuning job
              </Link>
            ) : (
              "trained elsewhere"
            )}
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Method</dt>
          <dd>{lineage.method === "dpo" ? "DPO (preference)" : "Supervised"}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Hyperparameters</dt>
          <dd className="font-mono">
            {hyper.length === 0 ? "defaults" : hyper.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}
          </dd>
          {lineage.notes ? (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">Notes</dt>
              <dd className="whitespace-pre-wrap">{lineage.notes}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No lineage. For a model trained elsewhere (e.g. TRL on your own GPUs, served by vLLM), record it
          below.
        </p>
      )}
      <details>
        <summary className="cursor-pointer text-sm">{lineage ? "Edit lineage" : "Set lineage"}</summary>
        <div className="mt-3">
          <LineageForm modelConfigId={modelConfigId} view={view} />
        </div>
      </details>
    </section>
  );
}
