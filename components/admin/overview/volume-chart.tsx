import { band, linearScale, niceTicks, stack } from "./chart-math";
import { CHART, ChartAxes, PLOT_X, PLOT_Y, type ChartProps } from "./chart-frame";
import { formatCount, formatDayShort } from "./format";

/** Ratings per day, stacked by model (bottom = most rated model). */
export function VolumeChart({ days, series, colorOf, label }: ChartProps) {
  const stacks = stack(series.map((model) => model.points.map((point) => point.ratings)));
  const max = Math.max(0, ...stacks.flatMap((columns) => columns.map(([, top]) => top)));
  const ticks = niceTicks(max);
  const y = linearScale([0, ticks.at(-1) ?? 1], PLOT_Y);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      className="h-auto w-full min-w-[600px]"
    >
      <ChartAxes ticks={ticks} y={y} formatTick={formatCount} yTitle="Ratings" days={days} />
      {series.map((model, s) => (
        <g key={model.key} className={colorOf(model.key).fill}>
          {model.points.map((point, i) => {
            const [bottom, top] = stacks[s]?.[i] ?? [0, 0];
            if (top === bottom) return null;
            const { x, width } = band(i, days.length, PLOT_X);
            return (
              <rect key={point.day} x={x} width={width} y={y(top)} height={y(bottom) - y(top)}>
                <title>{`${formatDayShort(point.day)} · ${model.label}: ${formatCount(point.ratings)} ratings`}</title>
              </rect>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
