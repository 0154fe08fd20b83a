// The export form's look and how it reads back the values of a submitted form (URL parameters: a
// value may repeat, lists may also be comma-separated).
export const fieldsetClass =
  "flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800";
export const legendClass = "px-1 text-sm font-medium";
export const checkClass = "flex items-center gap-2 text-sm";

type Value = string | string[] | undefined;

export const first = (value: Value) => (Array.isArray(value) ? value.at(-1) : value) ?? "";
export const all = (value: Value) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((item) => item.split(/[\s,]+/));
export const on = (value: Value) => ["1", "true", "on", "yes"].includes(first(value));
