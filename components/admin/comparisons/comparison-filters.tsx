import Link from "next/link";
import { FilterForm } from "../list/filter-form";
import { DateField, FilterActions, inputClass, labelClass, SelectField } from "../list/fields";
import { listHref } from "../list/search-params";

const PATH = "/admin/comparisons";

/**
 * The comparisons list's filters. The user filter is set by clicking a user's name in a row (an id is
 * nothing to type), and shown here so it can be cleared.
 */
export function ComparisonFilters({
  filters,
  models,
  userName,
}: {
  filters: Record<string, string>;
  /** Suggestions for the model field: the configured models (any id may be typed). */
  models: string[];
  userName: string | null;
}) {
  const { user, ...withoutUser } = filters;
  return (
    <FilterForm
      key={listHref(PATH, filters)}
      path={PATH}
      label="Filter comparisons"
      className="mt-4 flex flex-wrap items-end gap-3"
    >
      <label className={labelClass}>
        Model
        <input
          name="model"
          defaultValue={filters.model}
          list="comparison-models"
          maxLength={200}
          className={`${inputClass} w-48`}
        />
        <datalist id="comparison-models">
          {models.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
      </label>
      <DateField label="From" name="from" value={filters.from} />
      <DateField label="To" name="to" value={filters.to} />
      <SelectField
        label="Source"
        name="source"
        value={filters.source}
        options={[
          ["explicit", "Explicit"],
          ["ratings", "From ratings"],
          ["arena", "Arena"],
          ["evaluation", "Evaluation"],
        ]}
      />
      <SelectField
        label="Outcome"
        name="outcome"
        value={filters.outcome}
        options={[
          ["preferred", "Preferred"],
          ["tie", "Tie"],
          ["both-bad", "Both bad"],
        ]}
      />
      <label className={labelClass}>
        Search questions
        <input
          type="search"
          name="q"
          defaultValue={filters.q}
          maxLength={200}
          className={`${inputClass} w-56`}
        />
      </label>
      {user ? <input type="hidden" name="user" value={user} /> : null}
      {user ? (
        <span className="flex items-center gap-2 py-2 text-sm">
          User: {userName ?? "selected user"}
          <Link href={listHref(PATH, withoutUser)} className="underline">
            Clear user filter
          </Link>
        </span>
      ) : null}
      <FilterActions path={PATH} filtered={Object.keys(filters).length > 0} />
    </FilterForm>
  );
}
