import Link from "next/link";
import { BAD_REASONS, GOOD_REASONS } from "@/lib/feedback/reasons";
import { FORMATS } from "@/lib/export/formats";
import { FORMAT_IDS } from "@/lib/export/types";
import type { RawExportInput } from "@/lib/export/export-input";
import { DateField, inputClass, labelClass, SelectField } from "../list/fields";
import { RATING_OPTIONS } from "../list/rating-options";

import { ExportOptions } from "./export-options";
import {
  all,
  checkClass as check,
  fieldsetClass as fieldset,
  first,
  legendClass as legend,
  on,
} from "./form-values";

const SOURCE_CHOICES = [
  ["chat", "Chat"],
  ["api", "API"],
  ["playground", "Playground"],
] as const;

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
  // None ticked and all ticked both mean every source; a fresh form shows them all ticked.
  const chosenSources = all(values.source);
  const sourceTicked = (source: string) => chosenSources.length === 0 || chosenSources.includes(source);
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
        <fieldset className="flex flex-wrap gap-3">
          <legend className="mb-1 text-sm font-medium">Sources</legend>
          {SOURCE_CHOICES.map(([source, label]) => (
            <label key={source} className={check}>
              <input type="checkbox" name="source" value={source} defaultChecked={sourceTicked(source)} />
              {label}
            </label>
          ))}
        </fieldset>
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

      <ExportOptions values={values} dedupe={dedupe} />

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
