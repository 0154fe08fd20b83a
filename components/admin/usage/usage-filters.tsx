import Link from "next/link";
import { USAGE_PRESETS } from "@/lib/usage/usage-input";

export type UsageFilterValues = {
  days: number | null;
  from: string;
  to: string;
  user: string;
  model: string;
};

const input =
  "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm text-zinc-900 aria-[invalid]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={id} className="text-xs text-red-700 dark:text-red-400">
      {error}
    </p>
  ) : null;
}

/**
 * The period (presets or from/to, UTC days) and the user and model filters. A plain GET form: the
 * filters live in the URL (shareable, the back button works) and need no JavaScript.
 */
export function UsageFilters({
  values,
  errors,
  models,
  presetHref,
}: {
  values: UsageFilterValues;
  errors: Record<string, string>;
  models: readonly string[];
  presetHref: (days: number) => string;
}) {
  const field = (
    name: keyof UsageFilterValues,
    label: string,
    props: React.InputHTMLAttributes<HTMLInputElement>,
  ) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={`usage-${name}`} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      <input
        id={`usage-${name}`}
        name={name}
        defaultValue={values[name] ?? ""}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `usage-${name}-error` : undefined}
        className={input}
        {...props}
      />
      <FieldError id={`usage-${name}-error`} error={errors[name]} />
    </div>
  );
  return (
    <div className="flex flex-col gap-4">
      <nav aria-labelledby="usage-period">
        <h2 id="usage-period" className="text-xs font-medium tracking-wide text-zinc-500 uppercase">
          Period
        </h2>
        <ul className="mt-1 flex w-fit rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
          {USAGE_PRESETS.map((days) => (
            <li key={days}>
              <Link
                href={presetHref(days)}
                aria-current={days === values.days ? "page" : undefined}
                className={`block rounded px-3 py-1 text-sm ${
                  days === values.days
                    ? "bg-zinc-900 font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
                    : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
                }`}
              >
                {days} days
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form
        method="get"
        action="/admin/usage"
        aria-label="Usage filters"
        className="flex flex-wrap items-start gap-3"
      >
        {field("from", "From (UTC)", { type: "date" })}
        {field("to", "To (UTC)", { type: "date" })}
        {field("user", "User email", { type: "text", placeholder: "Everyone", autoComplete: "off" })}
        {field("model", "Model", {
          type: "text",
          placeholder: "Every model",
          list: "usage-models",
          autoComplete: "off",
        })}
        <datalist id="usage-models">
          {models.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
        {values.days !== null && !values.from ? (
          <input type="hidden" name="days" value={values.days} />
        ) : null}
        <button
          type="submit"
          className="mt-5 rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Apply
        </button>
      </form>
    </div>
  );
}
