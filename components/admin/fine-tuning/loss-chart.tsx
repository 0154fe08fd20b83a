import { linearScale, linePath, type Point } from "../overview/chart-math";
import { CHART, PLOT_X, PLOT_Y } from "../overview/chart-frame";
import { fractionalTicks } from "../usage/fractional-ticks";

type MetricPoint = { step: number | null; trainLoss: number | null; validLoss: number | null };

const formatLoss = (value: number) => Number(value.toPrecision(3)).toString();

/**
 * Training and validation loss by step, from the provider's metrics events. Server-rendered SVG the
 * way Admin → Usage draws its charts; the events list below it has the exact numbers.
 */
export function LossChart({ points }: { points: readonly MetricPoint[] }) {
  const metrics = points
    .filter(
      (p): p is MetricPoint & { step: number } =>
        p.step !== null && (p.trainLoss !== null || p.validLoss !== null),
    )
    .sort((a, b) => a.step - b.step);
  if (metrics.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No loss metrics reported yet.</p>;
  }
  const maxStep = Math.max(1, ...metrics.map((p) => p.step));
  const maxLoss = Math.max(0, ...metrics.flatMap((p) => [p.trainLoss ?? 0, p.validLoss ?? 0]));
  const ticks = fractionalTicks(maxLoss);
  const y = linearScale([0, ticks.at(-1) ?? 1], PLOT_Y);
  const x = linearScale([0, maxStep], PLOT_X);
  const line = (pick: (p: MetricPoint) => number | null): string =>
    linePath(
      metrics.flatMap((p): Point[] => {
        const value = pick(p);
        return value === null ? [] : [{ x: x(p.step), y: y(value) }];
      }),
    );
  const hasValid = metrics.some((p) => p.validLoss !== null);
  const last = metrics.at(-1)!;
  return (
    <figure>
      <figcaption className="text-sm font-medium">Loss by step</figcaption>
      <div className="mt-1 overflow-x-auto">
        <svg
          role="img"
          aria-labelledby="loss-chart-title loss-chart-desc"
          viewBox={`0 0 ${CHART.width} ${CHART.height}`}
          className="h-auto w-full min-w-[600px]"
          data-testid="loss-chart"
        >
          <title id="loss-chart-title">Training and validation loss</title>
          <desc id="loss-chart-desc">
            {`Line chart over ${metrics.length} steps up to step ${maxStep}; the last training loss is ${
              last.trainLoss === null ? "unknown" : formatLoss(last.trainLoss)
            }. The exact numbers are in the events list.`}
          </desc>
          <g className="text-[11px]">
            {ticks.map((tick) => (
              <g key={tick}>
                <line
                  x1={PLOT_X[0]}
                  x2={PLOT_X[1]}
                  y1={y(tick)}
                  y2={y(tick)}
                  className="stroke-zinc-200 dark:stroke-zinc-800"
                />
                <text
                  x={PLOT_X[0] - 8}
                  y={y(tick)}
                  dy="0.32em"
                  textAnchor="end"
                  className="fill-zinc-600 dark:fill-zinc-400"
                >
                  {formatLoss(tick)}
                </text>
              </g>
            ))}
            <text x={PLOT_X[0]} y={CHART.height - 12} className="fill-zinc-600 dark:fill-zinc-400">
              step 0
            </text>
            <text
              x={PLOT_X[1]}
              y={CHART.height - 12}
              textAnchor="end"
              className="fill-zinc-600 dark:fill-zinc-400"
            >
              {`step ${maxStep}`}
            </text>
          </g>
          <path d={line((p) => p.trainLoss)} fill="none" strokeWidth={2} className="stroke-sky-600" />
          {hasValid ? (
            <path
              d={line((p) => p.validLoss)}
              fill="none"
              strokeWidth={2}
              strokeDasharray="6 4"
              className="stroke-amber-600"
            />
          ) : null}
        </svg>
      </div>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="text-sky-700 dark:text-sky-400">━ training loss</span>
        {hasValid ? <span className="ml-4 text-amber-700 dark:text-amber-400">╍ validation loss</span> : null}
      </p>
    </figure>
  );
}
