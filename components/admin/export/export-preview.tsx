import type { ExportPreview } from "@/lib/export/pipeline/admin-export";
import { downloadName } from "@/lib/export/pipeline/download-body";
import { exportQuery } from "@/lib/export/export-input";
import { DownloadButton } from "./download-button";
import { SaveDatasetForm } from "../datasets/save-dataset-form";

const number = (value: number) => value.toLocaleString("en");
const section = "rounded-lg border border-zinc-200 p-3 dark:border-zinc-800";
const heading = "text-base font-semibold";

function Counts({ caption, rows }: { caption: string; rows: [string, number][] }) {
  if (rows.length === 0) return null;
  return (
    <table className="text-sm">
      <caption className="text-left text-sm font-medium">{caption}</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row" className="pr-4 text-left font-normal text-zinc-600 dark:text-zinc-400">
              {label}
            </th>
            <td className="text-right tabular-nums">{number(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The preview of an export: counts, the first lines, and the download of exactly this request. */
export function ExportPreviewView({ preview }: { preview: ExportPreview }) {
  const { request, summary, progress, matching, complete, firstLines } = preview;
  const split = request.options.split !== null;
  const total = summary.lines.train + summary.lines.validation;
  const files: [string, number][] = split
    ? [
        [`${request.format}.train.jsonl`, summary.lines.train],
        [`${request.format}.validation.jsonl`, summary.lines.validation],
      ]
    : [[`${request.format}.jsonl`, summary.lines.train]];
  const labels: [string, number][] = summary.kto
    ? [
        ["train: desirable (true)", summary.kto.train.desirable],
        ["train: undesirable (false)", summary.kto.train.undesirable],
        ...(split
          ? ([
              ["validation: desirable (true)", summary.kto.validation.desirable],
              ["validation: undesirable (false)", summary.kto.validation.undesirable],
            ] as [string, number][])
          : []),
      ]
    : [];
  const entries = (counts: Partial<Record<string, number>>) =>
    Object.entries(counts).map(([key, value]): [string, number] => [key, value ?? 0]);
  return (
    <section aria-label="Preview" className="flex flex-col gap-4">
      <div className={section}>
        <h2 className={heading}>Preview</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {number(matching.ratings)} ratings and {number(matching.comparisons)} comparisons match these
          filters.{" "}
          {complete
            ? `All ${number(progress.conversations)} conversations with matching evidence were read: the counts below are those of the download.`
            : `Counts below come from the first ${number(progress.conversations)} conversations with matching evidence; the download covers all of them.`}
        </p>
        <div className="mt-3 flex flex-wrap gap-8">
          <Counts caption="Rows per file" rows={files} />
          <Counts caption="Rows per label" rows={labels} />
          <Counts caption="Evidence read" rows={entries(summary.items)} />
          <Counts caption="Dropped rows, by reason" rows={entries(summary.dropped)} />
          <Counts caption="Evidence left out, by reason" rows={entries(summary.skipped)} />
          {summary.redactions ? <Counts caption="Redactions" rows={entries(summary.redactions)} /> : null}
        </div>
        {summary.kto?.suggestedWeights ? (
          <p className="mt-3 text-sm">
            Suggested KTOConfig weights: desirable_weight {summary.kto.suggestedWeights.desirable_weight},
            undesirable_weight {summary.kto.suggestedWeights.undesirable_weight}.
          </p>
        ) : null}
        {summary.warnings.length > 0 ? (
          <ul className="mt-3 list-disc pl-5 text-sm text-amber-800 dark:text-amber-300">
            {summary.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        ) : null}
      </div>

      <div className={section}>
        <h2 className={heading}>First lines</h2>
        {firstLines.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">No line would be written.</p>
        ) : (
          <pre
            aria-label="First lines"
            className="mt-2 max-h-96 overflow-auto rounded-md bg-zinc-50 p-2 text-xs break-all whitespace-pre-wrap dark:bg-zinc-900"
          >
            {firstLines.map(({ line }) => line).join("")}
          </pre>
        )}
      </div>

      <div className={section}>
        <h2 className={heading}>Download</h2>
        <DownloadButton
          href={`/api/admin/export?${exportQuery(request)}`}
          fileName={downloadName(request.format, split)}
          expectedLines={complete && !split ? total : null}
        />
        <SaveDatasetForm query={exportQuery(request)} defaultName={`${request.format} export`} />
      </div>
    </section>
  );
}
