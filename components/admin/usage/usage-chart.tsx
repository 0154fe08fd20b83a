import type { UsageReport } from "@/lib/usage/usage-report";
import { band, linearScale, niceTicks } from "../overview/chart-math";
import { fractionalTicks } from "./fractional-ticks";
import { CHART, ChartAxes, PLOT_X, PLOT_Y } from "../overview/chart-frame";
import { formatDay, formatDayShort } from "../overview/format";
import { formatCompact, formatTokens, formatUsd } from "./format-usage";

type Day = UsageReport["days"][number];

const usdTick = (value: number) => (value >= 1000 ? `$${formatCompact(value)}` : formatUsd(value));

/**
 * One bar per UTC day: cost (USD) or tokens (input + output). Server-rendered SVG with a title and a
 * description; the per-day table below is its accessible alternative with the exact numbers.
 */
export function UsageChart({ days, measure }: { days: readonly Day[]; measure: "cost" | "tokens" }) {
  const value = (day: Day) => (measure === "cost" ? day.costUsd : day.inputTokens + day.outputTokens);
  const format = measure === "cost" ? formatUsd : formatTokens;
  const max = Math.max(0, ...days.map(value));
  const ticks = measure === "cost" ? fractionalTicks(max) : niceTicks(max);
  const y = linearScale([0, ticks.at(-1) ?? 1], PLOT_Y);
  const title = measure === "cost" ? "Cost per day (USD)" : "Tokens per day (input + output)";
  const titleId = `usage-chart-${measure}-title`;
  const descId = `usage-chart-${measure}-desc`;
  const span = days.length > 0 ? `${formatDay(days[0]!.day)} to ${formatDay(days.at(-1)!.day)}` : "";
  return (
    <figure>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <div className="mt-1 overflow-x-auto">
        <svg
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          viewBox={`0 0 ${CHART.width} ${CHART.height}`}
          className="h-auto w-full min-w-[600px]"
        >
          <title id={titleId}>{title}</title>
          <desc id={descId}>
            {`Bar chart, one bar per UTC day from ${span}; the highest is ${format(max)}. The exact numbers are in the table "Per day".`}
          </desc>
          <ChartAxes
            ticks={ticks}
            y={y}
            formatTick={measure === "cost" ? usdTick : formatCompact}
            yTitle={measure === "cost" ? "USD" : "Tokens"}
            days={days.map((day) => day.day)}
          />
          <g className={measure === "cost" ? "fill-emerald-600" : "fill-sky-600"}>
            {days.map((day, i) => {
              const v = value(day);
              if (v <= 0) return null;
              const { x, width } = band(i, days.length, PLOT_X);
              return (
                <rect key={day.day} x={x} width={width} y={y(v)} height={y(0) - y(v)}>
                  <title>{`${formatDayShort(day.day)}: ${format(v)}`}</title>
                </rect>
              );
            })}
          </g>
        </svg>
      </div>
    </figure>
  );
}
