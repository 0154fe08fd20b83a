import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { getDataset } from "@/lib/datasets/datasets";
import { exportQuery } from "@/lib/export/export-input";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { DeleteDataset } from "@/components/admin/datasets/delete-dataset";
import { FlagBadge } from "@/components/admin/datasets/flag-badge";
import { RequestFacts } from "@/components/admin/datasets/request-facts";

export const metadata: Metadata = { title: "Dataset" };

const cell = "px-3 py-2 text-left align-top";
const heading = "text-lg font-semibold";

export default async function DatasetPage({ params }: { params: Promise<{ datasetId: string }> }) {
  const actor = await currentActor();
  const { datasetId } = await params;
  const dataset = await loadOr404(() => getDataset(actor, { datasetId }));
  const download = `/api/admin/datasets/${dataset.id}`;
  const drops = Object.entries(dataset.drops);
  return (
    <main className="flex flex-col gap-6">
      <Link href="/admin/datasets" className="text-sm underline">
        ← Datasets
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{dataset.name}</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {dataset.format}, saved {dataset.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC by{" "}
            {dataset.createdBy ?? "a deleted account"}; {dataset.conversations} conversations. Immutable: to
            change it, save a new dataset from{" "}
            <Link href={`/admin/export?${exportQuery(dataset.request)}`} className="underline">
              the same export
            </Link>
            .
          </p>
          {dataset.flaggedAt ? (
            <div className="mt-2 flex flex-col gap-1">
              <FlagBadge reason={dataset.flagReason} />
              <p className="text-sm text-amber-900 dark:text-amber-200">
                {dataset.flagReason} Flywheel will not start new training on it.
              </p>
            </div>
          ) : null}
        </div>
        <div className="flex flex-col items-end gap-2">
          <a
            href={download}
            download
            className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800"
          >
            Download all (ZIP)
          </a>
          <DeleteDataset datasetId={dataset.id} name={dataset.name} />
        </div>
      </div>

      <section className="flex flex-col gap-2">
        <h2 className={heading}>Files</h2>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800">
              <tr>
                <th className={cell}>File</th>
                <th className={cell}>Split</th>
                <th className={cell}>Rows</th>
                <th className={cell}>Bytes</th>
                <th className={cell}>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {dataset.files.map((file) => (
                <tr key={file.name} className="border-b border-zinc-100 dark:border-zinc-900">
                  <td className={cell}>
                    <a
                      href={`${download}?file=${encodeURIComponent(file.name)}`}
                      download
                      className="underline"
                    >
                      {file.name}
                    </a>
                  </td>
                  <td className={cell}>{file.split}</td>
                  <td className={cell}>{file.split === "summary" ? "—" : file.rows}</td>
                  <td className={cell}>{file.bytes}</td>
                  <td className={`${cell} font-mono text-xs break-all`}>{file.sha256}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="flex flex-col gap-2">
        <h2 className={heading}>Dropped rows</h2>
        {drops.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">None.</p>
        ) : (
          <ul className="text-sm">
            {drops.map(([reason, count]) => (
              <li key={reason}>
                <code>{reason}</code>: {count}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="flex flex-col gap-2">
        <h2 className={heading}>Export request</h2>
        <RequestFacts request={dataset.request} />
      </section>
    </main>
  );
}
