/** Shared look of the filter forms' inputs and selects (matches components/ui/field). */
export const inputClass =
  "rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
export const labelClass = "flex flex-col gap-1 text-sm font-medium";
