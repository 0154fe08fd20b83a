import { band, linePath, linearScale } from "./chart-math";
import { CHART, ChartAxes, PLOT_X, PLOT_Y, type ChartProps } from "./chart-frame";
import { formatCount, formatDayShort, formatPercent } from "./format";

const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** Positive rate per day, one line per model on a fixed 0–100% axis; days without ratings are gaps. */
export function RateChart({ days, series, colorOf, label }: ChartProps) {
  const y = linearScale([0, 1], PLOT_Y);
  const x = (index: number) => band(index, days.length, PLOT_X).center;
  const radius = days.length > 30 ? 2 : 3.5;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      className="h-auto w-full min-w-[600px]"
    >
      <ChartAxes
        ticks={TICKS}
        y={y}
        formatTick={(tick) => formatPercent(tick, 0)}
        yTitle="Positive rate"
        days={days}
      />
      {series.map((model) => {
        const color = colorOf(model.key);
        const points = model.points.map((point, i) =>
          point.positiveRate === null ? null : { x: x(i), y: y(point.positiveRate) },
        );
        return (
          <g key={model.key}>
            <path
              d={linePath(points)}
              fill="none"
              strokeWidth={2}
              strokeLinejoin="round"
              className={color.stroke}
            />
            {model.points.map((point, i) =>
              point.positiveRate === null ? null : (
                <circle
                  key={point.day}
                  cx={x(i)}
                  cy={y(point.positiveRate)}
                  r={radius}
                  className={color.fill}
                >
                  <title>
                    {`${formatDayShort(point.day)} · ${model.label}: ${formatPercent(point.positiveRate)} positive of ${formatCount(point.ratings)}`}
                  </title>
                </circle>
              ),
            )}
          </g>
        );
      })}
    </svg>
  );
}
