// One colour per model, the same in the table, the legend, the charts and the reasons. Mid-tone in light
// mode and light-tone in dark mode, so lines and bars keep their contrast on either background.
// Whole class names (not built from parts) so that Tailwind finds them in this file.

export type ModelColor = { stroke: string; fill: string; swatch: string };

const PALETTE: ModelColor[] = [
  {
    stroke: "stroke-sky-600 dark:stroke-sky-400",
    fill: "fill-sky-600 dark:fill-sky-400",
    swatch: "bg-sky-600 dark:bg-sky-400",
  },
  {
    stroke: "stroke-amber-600 dark:stroke-amber-400",
    fill: "fill-amber-600 dark:fill-amber-400",
    swatch: "bg-amber-600 dark:bg-amber-400",
  },
  {
    stroke: "stroke-emerald-600 dark:stroke-emerald-400",
    fill: "fill-emerald-600 dark:fill-emerald-400",
    swatch: "bg-emerald-600 dark:bg-emerald-400",
  },
  {
    stroke: "stroke-violet-600 dark:stroke-violet-400",
    fill: "fill-violet-600 dark:fill-violet-400",
    swatch: "bg-violet-600 dark:bg-violet-400",
  },
  {
    stroke: "stroke-rose-600 dark:stroke-rose-400",
    fill: "fill-rose-600 dark:fill-rose-400",
    swatch: "bg-rose-600 dark:bg-rose-400",
  },
  {
    stroke: "stroke-teal-700 dark:stroke-teal-300",
    fill: "fill-teal-700 dark:fill-teal-300",
    swatch: "bg-teal-700 dark:bg-teal-300",
  },
  {
    stroke: "stroke-lime-700 dark:stroke-lime-400",
    fill: "fill-lime-700 dark:fill-lime-400",
    swatch: "bg-lime-700 dark:bg-lime-400",
  },
  {
    stroke: "stroke-fuchsia-600 dark:stroke-fuchsia-400",
    fill: "fill-fuchsia-600 dark:fill-fuchsia-400",
    swatch: "bg-fuchsia-600 dark:bg-fuchsia-400",
  },
];

/** Ratings whose model is unknown: grey, never mistaken for a model's colour. */
const UNKNOWN: ModelColor = {
  stroke: "stroke-zinc-500 dark:stroke-zinc-400",
  fill: "fill-zinc-500 dark:fill-zinc-400",
  swatch: "bg-zinc-500 dark:bg-zinc-400",
};

/** Colours by model key ("" = unknown), in the order the models are listed. Beyond eight they repeat. */
export function modelColors(keys: readonly string[]): (key: string) => ModelColor {
  const byKey = new Map<string, ModelColor>();
  let next = 0;
  for (const key of keys) {
    if (byKey.has(key)) continue;
    byKey.set(key, key === "" ? UNKNOWN : (PALETTE[next++ % PALETTE.length] ?? UNKNOWN));
  }
  return (key) => byKey.get(key) ?? UNKNOWN;
}
