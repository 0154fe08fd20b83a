import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FilterForm } from "../list/filter-form";
import { inputClass, labelClass } from "../list/inputs";
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
      <label className={labelClass}>
        From
        <input type="date" name="from" defaultValue={filters.from} className={inputClass} />
      </label>
      <label className={labelClass}>
        To
        <input type="date" name="to" defaultValue={filters.to} className={inputClass} />
      </label>
      <label className={labelClass}>
        Source
        <select name="source" defaultValue={filters.source ?? ""} className={inputClass}>
          <option value="">Any</option>
          <option value="explicit">Explicit</option>
          <option value="ratings">From ratings</option>
        </select>
      </label>
      <label className={labelClass}>
        Outcome
        <select name="outcome" defaultValue={filters.outcome ?? ""} className={inputClass}>
          <option value="">Any</option>
          <option value="preferred">Preferred</option>
          <option value="tie">Tie</option>
        </select>
      </label>
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
      <Button type="submit" variant="secondary">
        Apply filters
      </Button>
      {user ? (
        <span className="flex items-center gap-2 py-2 text-sm">
          User: {userName ?? "selected user"}
          <Link href={listHref(PATH, withoutUser)} className="underline">
            Clear user filter
          </Link>
        </span>
      ) : null}
      {Object.keys(filters).length > 0 ? (
        <Link href={PATH} className="py-2 text-sm underline">
          Clear all filters
        </Link>
      ) : null}
    </FilterForm>
  );
}
