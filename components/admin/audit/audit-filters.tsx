import Link from "next/link";
import { AUDIT_ACTIONS } from "@/lib/audit/audit-actions";
import { Button } from "@/components/ui/button";
import { FilterForm } from "../list/filter-form";
import { inputClass, labelClass } from "../list/inputs";
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
      <label className={labelClass}>
        Action
        <select name="action" defaultValue={filters.action ?? ""} className={inputClass}>
          <option value="">Any</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
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
      <Button type="submit" variant="secondary">
        Apply filters
      </Button>
      {Object.keys(filters).length > 0 ? (
        <Link href={PATH} className="py-2 text-sm underline">
          Clear all filters
        </Link>
      ) : null}
    </FilterForm>
  );
}
