import type { ModelSeries } from "@/lib/admin/overview/summarize";
import { formatCount, formatDay, formatPercent } from "./format";

/** The charts' numbers as a table, for screen readers and for anyone who wants the exact values. */
export function ChartDataTable({
  days,
  series,
}: {
  days: readonly string[];
  series: readonly ModelSeries[];
}) {
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
        Show the numbers as a table
      </summary>
      <div className="mt-2 max-h-96 overflow-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-xs tabular-nums">
          <caption className="sr-only">Ratings and positive rate per day and model</caption>
          <thead className="sticky top-0 bg-zinc-50 dark:bg-zinc-900">
            <tr>
              <th scope="col" className="px-3 py-2">
                Day (UTC)
              </th>
              {series.map((model) => (
                <th key={model.key} scope="colgroup" colSpan={2} className="px-3 py-2">
                  {model.label}
                </th>
              ))}
            </tr>
            <tr className="text-zinc-500">
              <td />
              {series.map((model) => [
                <th key={`${model.key}-n`} scope="col" className="px-3 pb-2 font-normal">
                  Ratings
                </th>,
                <th key={`${model.key}-rate`} scope="col" className="px-3 pb-2 font-normal">
                  Positive
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr key={day} className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="row" className="px-3 py-1.5 font-normal whitespace-nowrap">
                  {formatDay(day)}
                </th>
                {series.map((model) => {
                  const point = model.points[i];
                  return [
                    <td key={`${model.key}-n`} className="px-3 py-1.5">
                      {formatCount(point?.ratings ?? 0)}
                    </td>,
                    <td key={`${model.key}-rate`} className="px-3 py-1.5">
                      {formatPercent(point?.positiveRate ?? null)}
                    </td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
