import Link from "next/link";
import { BAD_REASONS, GOOD_REASONS } from "@/lib/feedback/reasons";

import {
  DateField,
  inputClass as control,
  labelClass as field,
  SelectField,
} from "@/components/admin/list/fields";
import { RATING_OPTIONS } from "@/components/admin/list/rating-options";

/**
 * The list's filters as a plain GET form: applying them changes the URL, so a filtered view can be
 * shared and the back button returns to the previous one. Works without JavaScript.
 */
export function FeedbackFilterForm({ values, models }: { values: Record<string, string>; models: string[] }) {
  const reasons = [
    ...Object.entries(BAD_REASONS).map(([key, label]) => [key, `Bad: ${label}`]),
    ...Object.entries(GOOD_REASONS).map(([key, label]) => [key, `Good: ${label}`]),
  ];
  return (
    <form
      method="get"
      role="search"
      aria-label="Filter feedback"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <SelectField label="Rating" name="rating" value={values.rating} options={RATING_OPTIONS} />
      <label className={field}>
        Reason
        <select name="reason" defaultValue={values.reason ?? ""} className={control}>
          <option value="">Any</option>
          {reasons.map(([key, label]) => (
            // "other" exists for both ratings; one entry filters both.
            <option key={`${label}`} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className={field}>
        Model
        <select name="model" defaultValue={values.model ?? ""} className={control}>
          <option value="">Any</option>
          {values.model && !models.includes(values.model) ? (
            <option value={values.model}>{values.model}</option>
          ) : null}
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </label>
      <SelectField
        label="Review status"
        name="status"
        value={values.status}
        options={[
          ["pending", "Pending"],
          ["reviewed", "Reviewed"],
          ["excluded", "Excluded"],
        ]}
      />
      <SelectField
        label="Source"
        name="source"
        value={values.source}
        anyLabel="All"
        options={[
          ["chat", "Chat"],
          ["api", "API"],
          ["playground", "Playground"],
        ]}
      />
      <DateField label="From" name="from" value={values.from} />
      <DateField label="To" name="to" value={values.to} />
      <label className={field}>
        Search
        <input
          type="search"
          name="q"
          defaultValue={values.q ?? ""}
          placeholder="Comment or answer"
          className={control}
        />
      </label>
      <label className="flex items-center gap-2 pb-2 text-sm">
        <input type="checkbox" name="hasComment" value="1" defaultChecked={values.hasComment === "1"} />
        Has comment
      </label>
      {values.user ? <input type="hidden" name="user" value={values.user} /> : null}
      <div className="flex items-center gap-2">
        <button
          type="submit"
          className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          Apply filters
        </button>
        <Link href="/admin/feedback" className="text-sm text-zinc-600 underline dark:text-zinc-400">
          Clear
        </Link>
      </div>
    </form>
  );
}
