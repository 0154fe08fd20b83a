import Link from "next/link";
import { BAD_REASONS, GOOD_REASONS } from "@/lib/feedback/reasons";
import { FORMATS } from "@/lib/export/formats";
import { FORMAT_IDS } from "@/lib/export/types";
import type { RawExportInput } from "@/lib/export/export-input";
import { DateField, inputClass, labelClass, SelectField } from "../list/fields";
import { RATING_OPTIONS } from "../list/rating-options";

const fieldset = "flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800";
const legend = "px-1 text-sm font-medium";
const check = "flex items-center gap-2 text-sm";

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value.at(-1) : value) ?? "";
const all = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((item) => item.split(/[\s,]+/));
const on = (value: string | string[] | undefined) => ["1", "true", "on", "yes"].includes(first(value));

/**
 * The export's format, filters and options as a plain GET form: "Preview" puts them in the URL (a
 * preview can be shared and reloaded) and the page shows what the download would contain. Works
 * without JavaScript.
 */
export function ExportForm({
  values,
  models,
  submitted,
}: {
  values: RawExportInput;
  models: string[];
  submitted: boolean;
}) {
  const chosenModels = all(values.model);
  const modelChoices = [...new Set([...models, ...chosenModels])];
  const chosenReasons = all(values.reason);
  const reasons = [
    ...Object.entries(BAD_REASONS)
      .filter(([key]) => key !== "other")
      .map(([key, label]) => [key, `Bad: ${label}`]),
    ...Object.entries(GOOD_REASONS)
      .filter(([key]) => key !== "other")
      .map(([key, label]) => [key, `Good: ${label}`]),
    // "other" is a reason of both ratings: one choice covers both.
    ["other", "Other"],
  ];
  // Deduplicate is on unless the submitted form turned it off.
  const dedupe = submitted ? on(values.dedupe) : true;
  return (
    <form method="get" action="/admin/export" aria-label="Export" className="flex flex-col gap-3">
      <fieldset className={fieldset}>
        <legend className={legend}>What</legend>
        <label className={labelClass}>
          Format
          <select name="format" defaultValue={first(values.format) || "openai-sft"} className={inputClass}>
            {FORMAT_IDS.map((id) => (
              <option key={id} value={id}>
                {id} — {FORMATS[id].description}
              </option>
            ))}
          </select>
        </label>
      </fieldset>

      <fieldset className={fieldset}>
        <legend className={legend}>Filters</legend>
        <DateField label="From" name="since" value={first(values.since)} />
        <DateField label="To" name="until" value={first(values.until)} />
        <SelectField label="Rating" name="rating" value={first(values.rating)} options={RATING_OPTIONS} />
        <SelectField
          label="Review status"
          name="reviewStatus"
          value={first(values.reviewStatus)}
          anyLabel="Any (never excluded)"
          options={[
            ["pending", "Pending"],
            ["reviewed", "Reviewed"],
          ]}
        />
        <label className={`${check} pb-2`}>
          <input type="checkbox" name="reviewedOnly" value="1" defaultChecked={on(values.reviewedOnly)} />
          Reviewed only
        </label>
        <label className={labelClass}>
          Users
          <input
            type="text"
            name="user"
            defaultValue={all(values.user).join(", ")}
            placeholder="User ids, comma-separated"
            className={inputClass}
          />
        </label>
        {modelChoices.length > 0 ? (
          <fieldset className="flex flex-wrap gap-3">
            <legend className="mb-1 text-sm font-medium">Models</legend>
            {modelChoices.map((model) => (
              <label key={model} className={check}>
                <input
                  type="checkbox"
                  name="model"
                  value={model}
                  defaultChecked={chosenModels.includes(model)}
                />
                {model}
              </label>
            ))}
          </fieldset>
        ) : null}
        <fieldset className="flex flex-wrap gap-3">
          <legend className="mb-1 text-sm font-medium">Reasons (any of)</legend>
          {reasons.map(([key, label]) => (
            <label key={key} className={check}>
              <input
                type="checkbox"
                name="reason"
                value={key}
                defaultChecked={chosenReasons.includes(key!)}
              />
              {label}
            </label>
          ))}
        </fieldset>
      </fieldset>

      <fieldset className={fieldset}>
        <legend className={legend}>Options</legend>
        <label className={`${check} pb-2`}>
          <input type="checkbox" name="redact" value="1" defaultChecked={on(values.redact)} />
          Redact PII
        </label>
        <label className={`${check} pb-2`}>
          {/* An unticked box sends nothing: the hidden 0 says "off", a ticked box's 1 after it wins. */}
          <input type="hidden" name="dedupe" value="0" />
          <input type="checkbox" name="dedupe" value="1" defaultChecked={dedupe} />
          Deduplicate
        </label>
        <label className={labelClass}>
          Train/validation split
          <input
            type="number"
            name="split"
            min="0.01"
            max="0.99"
            step="0.01"
            defaultValue={first(values.split)}
            placeholder="e.g. 0.9 (blank: one file)"
            className={inputClass}
          />
        </label>
        <label className={labelClass}>
          Split seed
          <input
            type="text"
            name="seed"
            defaultValue={first(values.seed)}
            placeholder="flywheel"
            className={inputClass}
          />
        </label>
        <label className={labelClass}>
          Maximum rows
          <input
            type="number"
            name="maxRows"
            min="1"
            step="1"
            defaultValue={first(values.maxRows)}
            placeholder="No limit"
            className={inputClass}
          />
        </label>
      </fieldset>

      <div className="flex items-center gap-3">
        <button
          type="submit"
          className="rounded-md bg-zinc-900 px-3 py-2 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          Preview
        </button>
        <Link href="/admin/export" className="text-sm text-zinc-600 underline dark:text-zinc-400">
          Reset
        </Link>
      </div>
    </form>
  );
}
