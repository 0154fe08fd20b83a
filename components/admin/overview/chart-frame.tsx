import type { ModelSeries } from "@/lib/admin/overview/summarize";
import { band, labelIndices, type Scale } from "./chart-math";
import { formatDayShort } from "./format";
import type { ModelColor } from "./model-colors";

/** What each daily chart draws: one series per model over the period's days. */
export type ChartProps = {
  days: readonly string[];
  series: readonly ModelSeries[];
  colorOf: (key: string) => ModelColor;
  label: string;
};

// Geometry shared by the overview's charts (SVG user units; the SVG scales to its container's width).
export const CHART = { width: 960, height: 260, left: 56, right: 16, top: 16, bottom: 48 } as const;
export const PLOT_X: [number, number] = [CHART.left, CHART.width - CHART.right];
export const PLOT_Y: [number, number] = [CHART.height - CHART.bottom, CHART.top];
/** At most this many day labels: they must not collide at 90 days. */
const MAX_DAY_LABELS = 8;

/** Grid lines with their values, day labels and both axis titles, behind a chart's marks. */
export function ChartAxes({
  ticks,
  y,
  formatTick,
  yTitle,
  days,
}: {
  ticks: readonly number[];
  y: Scale;
  formatTick: (value: number) => string;
  yTitle: string;
  days: readonly string[];
}) {
  const [x0, x1] = PLOT_X;
  return (
    <g className="text-[11px]">
      {ticks.map((tick) => (
        <g key={tick}>
          <line
            x1={x0}
            x2={x1}
            y1={y(tick)}
            y2={y(tick)}
            className={
              tick === 0 ? "stroke-zinc-400 dark:stroke-zinc-600" : "stroke-zinc-200 dark:stroke-zinc-800"
            }
            strokeWidth={1}
          />
          <text
            x={x0 - 8}
            y={y(tick)}
            dy="0.32em"
            textAnchor="end"
            className="fill-zinc-600 dark:fill-zinc-400"
          >
            {formatTick(tick)}
          </text>
        </g>
      ))}
      {labelIndices(days.length, MAX_DAY_LABELS).map((index) => (
        <text
          key={index}
          x={band(index, days.length, PLOT_X).center}
          y={CHART.height - CHART.bottom + 18}
          textAnchor="middle"
          className="fill-zinc-600 dark:fill-zinc-400"
        >
          {formatDayShort(days[index] ?? "")}
        </text>
      ))}
      <text
        x={(x0 + x1) / 2}
        y={CHART.height - 6}
        textAnchor="middle"
        className="fill-zinc-700 font-medium dark:fill-zinc-300"
      >
        Day (UTC)
      </text>
      <text
        transform={`translate(14 ${(PLOT_Y[0] + PLOT_Y[1]) / 2}) rotate(-90)`}
        textAnchor="middle"
        className="fill-zinc-700 font-medium dark:fill-zinc-300"
      >
        {yTitle}
      </text>
    </g>
  );
}
