import type { ModelSeries } from "@/lib/admin/overview/summarize";
import { ChartDataTable } from "./chart-data-table";
import { formatDay } from "./format";
import type { ModelColor } from "./model-colors";
import { RateChart } from "./rate-chart";
import { VolumeChart } from "./volume-chart";

/** Positive rate and rating volume per day and model over the period, with one legend and the data. */
export function DailyCharts({
  days,
  series,
  colorOf,
}: {
  days: readonly string[];
  series: readonly ModelSeries[];
  colorOf: (key: string) => ModelColor;
}) {
  if (series.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No ratings in this period.</p>;
  }
  const span = `${formatDay(days[0] ?? "")} to ${formatDay(days.at(-1) ?? "")}`;
  const models = `${series.length} ${series.length === 1 ? "model" : "models"}`;
  return (
    <div>
      <ul aria-label="Models" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {series.map((model) => (
          <li key={model.key} className="flex items-center gap-1.5">
            <span aria-hidden className={`inline-block size-3 rounded-sm ${colorOf(model.key).swatch}`} />
            {model.label}
          </li>
        ))}
      </ul>
      <figure className="mt-4">
        <figcaption className="text-sm font-medium">Positive rate</figcaption>
        <div className="mt-1 overflow-x-auto">
          <RateChart
            days={days}
            series={series}
            colorOf={colorOf}
            label={`Line chart: share of positive ratings per day for ${models}, ${span}. The numbers are in the table below the charts.`}
          />
        </div>
      </figure>
      <figure className="mt-6">
        <figcaption className="text-sm font-medium">Number of ratings</figcaption>
        <div className="mt-1 overflow-x-auto">
          <VolumeChart
            days={days}
            series={series}
            colorOf={colorOf}
            label={`Stacked bar chart: ratings per day for ${models}, ${span}. The numbers are in the table below the charts.`}
          />
        </div>
      </figure>
      <ChartDataTable days={days} series={series} />
    </div>
  );
}
