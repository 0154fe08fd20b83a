import { FilterForm } from "@/components/admin/list/filter-form";
import { FilterActions, InputField, SelectField } from "@/components/admin/list/fields";
import { listHref } from "@/components/admin/list/search-params";
import { BAD_REASONS, GOOD_REASONS } from "@/lib/feedback/reasons";
import { MAX_TOPIC } from "@/lib/leaderboard/schemas";

// Every reason once ("Other" is in both sets), bad ones first, as the feedback form lists them.
const REASON_OPTIONS = Object.entries({ ...BAD_REASONS, ...GOOD_REASONS });

/**
 * The leaderboard's filters, kept in the URL. The topic (text in conversation titles) is offered to
 * admins only: lib/leaderboard ignores it for users, who must not probe other people's titles.
 */
export function LeaderboardFilters({
  path,
  filters,
  topic,
}: {
  path: string;
  filters: Record<string, string>;
  topic: boolean;
}) {
  return (
    <FilterForm
      key={listHref(path, filters)}
      path={path}
      label="Filter the leaderboard"
      className="mt-4 flex flex-wrap items-end gap-3"
    >
      <SelectField
        label="Period"
        name="period"
        value={filters.period}
        anyLabel="All time"
        options={[
          ["7d", "Last 7 days"],
          ["30d", "Last 30 days"],
          ["90d", "Last 90 days"],
        ]}
      />
      <SelectField
        label="Source"
        name="source"
        value={filters.source}
        anyLabel="All sources"
        options={[
          ["explicit", "Explicit (better or worse?)"],
          ["arena", "Arena votes"],
          ["implied", "Implied by thumbs"],
          ["evaluation", "Evaluations"],
        ]}
      />
      <SelectField
        label="Reason"
        name="reason"
        value={filters.reason}
        anyLabel="Any reason"
        options={REASON_OPTIONS}
      />
      {topic ? (
        <InputField
          label="Topic"
          type="search"
          name="topic"
          defaultValue={filters.topic}
          maxLength={MAX_TOPIC}
          placeholder="Words in the conversation title"
          className="w-56"
        />
      ) : null}
      <FilterActions path={path} filtered={Object.keys(filters).length > 0} />
    </FilterForm>
  );
}
