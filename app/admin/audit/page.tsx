import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/session";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { AUDIT_FILTER_KEYS } from "@/lib/audit/audit-log-input";
import { FormMessage } from "@/components/ui/form-message";
import { loadList } from "@/components/admin/list/load-list";
import { listInput, type SearchParams } from "@/components/admin/list/search-params";
import { Pager } from "@/components/admin/list/pager";
import { AuditFilters } from "@/components/admin/audit/audit-filters";
import { AuditTable } from "@/components/admin/audit/audit-table";

export const metadata: Metadata = { title: "Audit log" };

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const input = listInput(await searchParams, AUDIT_FILTER_KEYS);
  const result = await loadList(async () => listAuditLog(await currentActor(), input));
  const { after: _after, before: _before, ...filters } = input;
  return (
    <main>
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Every admin action, newest first. Entries are never changed or removed.
      </p>
      <AuditFilters filters={filters} />
      {result.error ? (
        <div className="mt-4">
          <FormMessage error={result.error} />
        </div>
      ) : null}
      <AuditTable
        rows={result.data?.rows ?? []}
        filters={filters}
        empty={
          result.error
            ? "No entries to show."
            : Object.keys(filters).length > 0
              ? "No entries match these filters."
              : "No admin actions recorded yet."
        }
      />
      <Pager
        path="/admin/audit"
        filters={filters}
        newer={result.data?.newer ?? null}
        older={result.data?.older ?? null}
      />
    </main>
  );
}
