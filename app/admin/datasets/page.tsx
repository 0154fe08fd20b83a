import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { listDatasets } from "@/lib/datasets/datasets";
import { loadList } from "@/components/admin/list/load-list";
import { FormMessage } from "@/components/ui/form-message";
import { FlagBadge } from "@/components/admin/datasets/flag-badge";
import { ShortHash } from "@/components/admin/datasets/short-hash";

export const metadata: Metadata = { title: "Datasets" };

const cell = "px-3 py-2 text-left align-top";

export default async function AdminDatasetsPage() {
  const actor = await currentActor();
  const { data: datasets, error } = await loadList(() => listDatasets(actor));
  return (
    <main className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Datasets</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Exports saved from{" "}
          <Link href="/admin/export" className="underline">
            Export
          </Link>{" "}
          as immutable snapshots, with the SHA-256 of every file. A dataset whose data was later withdrawn (a
          deleted conversation or account, a withdrawn consent) is flagged and cannot be trained on.
        </p>
      </div>
      <FormMessage error={error} />
      {datasets && datasets.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No datasets yet. Preview an export, then “Save as dataset”.
        </p>
      ) : null}
      {datasets && datasets.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800">
              <tr>
                <th className={cell}>Name</th>
                <th className={cell}>Format</th>
                <th className={cell}>Created</th>
                <th className={cell}>Rows (train / validation)</th>
                <th className={cell}>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((dataset) => (
                <tr key={dataset.id} className="border-b border-zinc-100 dark:border-zinc-900">
                  <td className={cell}>
                    <Link href={`/admin/datasets/${dataset.id}`} className="font-medium underline">
                      {dataset.name}
                    </Link>
                    {dataset.flaggedAt ? (
                      <div className="mt-1">
                        <FlagBadge reason={dataset.flagReason} />
                      </div>
                    ) : null}
                  </td>
                  <td className={cell}>{dataset.format}</td>
                  <td className={cell}>
                    <time dateTime={dataset.createdAt.toISOString()}>
                      {dataset.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                    </time>
                    <div className="text-xs text-zinc-500">{dataset.createdBy ?? "a deleted account"}</div>
                  </td>
                  <td className={cell}>
                    {dataset.trainRows} / {dataset.validationRows}
                  </td>
                  <td className={cell}>
                    <ShortHash hash={dataset.sha256} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </main>
  );
}
