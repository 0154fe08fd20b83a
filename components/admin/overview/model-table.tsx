import type { ModelSummary } from "@/lib/admin/overview/summarize";
import { formatCount, formatPercent } from "./format";
import type { ModelColor } from "./model-colors";

/** The table's columns, and whether each holds a count (right-aligned). */
const COLUMNS = [
  ["Model", false],
  ["Positive rate", false],
  ["Ratings", true],
  ["Good", true],
  ["Bad", true],
  ["Answers", true],
  ["Answers rated", true],
] as const;

/** Positive rate per model with the ratings behind it, most rated first. */
export function ModelTable({
  models,
  colorOf,
}: {
  models: readonly ModelSummary[];
  colorOf: (key: string) => ModelColor;
}) {
  if (models.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No answers or ratings in this period.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm tabular-nums">
        <thead className="bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-900">
          <tr>
            {COLUMNS.map(([name, numeric]) => (
              <th key={name} scope="col" className={numeric ? "px-3 py-2 text-right" : "px-3 py-2"}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.key} className="border-t border-zinc-200 dark:border-zinc-800">
              <th scope="row" className="px-3 py-2 font-medium">
                <span className="flex items-center gap-2">
                  <span
                    aria-hidden
                    className={`inline-block size-3 shrink-0 rounded-sm ${colorOf(model.key).swatch}`}
                  />
                  <span className="whitespace-nowrap">{model.label}</span>
                </span>
              </th>
              <td className="px-3 py-2">
                <span className="flex items-center gap-2">
                  <span className="w-14">{formatPercent(model.positiveRate)}</span>
                  <span
                    aria-hidden
                    className="hidden h-1.5 w-24 rounded-full bg-zinc-200 sm:block dark:bg-zinc-800"
                  >
                    <span
                      className="block h-full rounded-full bg-emerald-600 dark:bg-emerald-400"
                      style={{ width: `${(model.positiveRate ?? 0) * 100}%` }}
                    />
                  </span>
                </span>
              </td>
              <td className="px-3 py-2 text-right">{formatCount(model.ratings)}</td>
              <td className="px-3 py-2 text-right">{formatCount(model.up)}</td>
              <td className="px-3 py-2 text-right">{formatCount(model.down)}</td>
              <td className="px-3 py-2 text-right">{formatCount(model.answers)}</td>
              <td className="px-3 py-2 text-right">{formatPercent(model.shareRated)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
