// Pure geometry for the overview's hand-written SVG charts: scales, "nice" ticks, paths and which days
// get a label. No React, so it is unit-tested on its own (tests/unit/overview-chart-math.test.ts).

export type Scale = (value: number) => number;

/** Maps [d0, d1] linearly onto [r0, r1]; an empty domain maps everything to r0. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const span = d1 - d0;
  if (span === 0) return () => r0;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** The 1, 2 or 5 × 10ⁿ step closest above `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Ticks from 0 up to the first step at or above `max`, about `count` intervals, whole numbers only
 * (counts are never fractional): niceTicks(137) → [0, 50, 100, 150].
 */
export function niceTicks(max: number, count = 4): number[] {
  const step = Math.max(1, niceStep(max / count));
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick);
  return ticks;
}

export type Point = { x: number; y: number };

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * An SVG path through the points; a null breaks the line (a day without ratings is a gap, not a zero).
 * A point alone between gaps is left to the markers drawn on top.
 */
export function linePath(points: readonly (Point | null)[]): string {
  const parts: string[] = [];
  let run: Point[] = [];
  const flush = () => {
    if (run.length > 1)
      parts.push(run.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join(" "));
    run = [];
  };
  for (const point of points) {
    if (point) run.push(point);
    else flush();
  }
  flush();
  return parts.join(" ");
}

/**
 * Which of `count` days get an axis label: at most `max`, evenly spaced, counted back from the last
 * day so that today is always labelled.
 */
export function labelIndices(count: number, max: number): number[] {
  if (count <= 0 || max <= 0) return [];
  const step = Math.max(1, Math.ceil(count / max));
  const indices: number[] = [];
  for (let i = count - 1; i >= 0; i -= step) indices.unshift(i);
  return indices;
}

/**
 * Stacks values per column: stacks[s][c] is the [bottom, top] of series s in column c, series in
 * order from the bottom.
 */
export function stack(values: readonly (readonly number[])[]): [number, number][][] {
  const columns = Math.max(0, ...values.map((series) => series.length));
  const base = new Array<number>(columns).fill(0);
  return values.map((series) =>
    Array.from({ length: columns }, (_, c) => {
      const bottom = base[c] ?? 0;
      const top = bottom + (series[c] ?? 0);
      base[c] = top;
      return [bottom, top] as [number, number];
    }),
  );
}

/** The left edge and width of column `index` of `count` in [x0, x1], the bar taking `fill` of it. */
export function band(index: number, count: number, [x0, x1]: readonly [number, number], fill = 0.7) {
  const width = (x1 - x0) / Math.max(1, count);
  const bar = Math.min(width * fill, 48);
  return { x: x0 + index * width + (width - bar) / 2, width: bar, center: x0 + (index + 0.5) * width };
}
