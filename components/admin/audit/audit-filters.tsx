import { AUDIT_ACTIONS } from "@/lib/audit/audit-actions";
import { FilterForm } from "../list/filter-form";
import { FilterActions, inputClass, labelClass, SelectField } from "../list/fields";
import { listHref } from "../list/search-params";

const PATH = "/admin/audit";

export function AuditFilters({ filters }: { filters: Record<string, string> }) {
  return (
    <FilterForm
      key={listHref(PATH, filters)}
      path={PATH}
      label="Filter the audit log"
      className="mt-4 flex flex-wrap items-end gap-3"
    >
      <SelectField
        label="Action"
        name="action"
        value={filters.action}
        options={AUDIT_ACTIONS.map((action) => [action, action] as const)}
      />
      <label className={labelClass}>
        Admin email
        <input
          name="admin"
          defaultValue={filters.admin}
          inputMode="email"
          autoComplete="off"
          maxLength={320}
          className={`${inputClass} w-64`}
        />
      </label>
      <FilterActions path={PATH} filtered={Object.keys(filters).length > 0} />
    </FilterForm>
  );
}
