import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/session";
import { listComparisons, TEXT_START } from "@/lib/admin/comparisons";
import { COMPARISON_FILTER_KEYS } from "@/lib/admin/schemas";
import { modelsForRole } from "@/lib/models/registry";
import { FormMessage } from "@/components/ui/form-message";
import { loadList } from "@/components/admin/list/load-list";
import { listInput, type SearchParams } from "@/components/admin/list/search-params";
import { Pager } from "@/components/admin/list/pager";
import { ComparisonFilters } from "@/components/admin/comparisons/comparison-filters";
import { ComparisonsTable } from "@/components/admin/comparisons/comparisons-table";

export const metadata: Metadata = { title: "Comparisons" };

export default async function AdminComparisonsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const input = listInput(await searchParams, COMPARISON_FILTER_KEYS);
  const result = await loadList(async () => listComparisons(await currentActor(), input));
  const { after: _after, before: _before, ...filters } = input;
  const rows = result.data?.rows ?? [];
  const filtered = Object.keys(filters).length > 0;
  return (
    <main>
      <h1 className="text-2xl font-semibold tracking-tight">Comparisons</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Which of two answers to the same question a user preferred: chosen with “Is this response better or
        worse?”, or implied by rating one answer up and the other down.
      </p>
      <ComparisonFilters
        filters={filters}
        models={(await modelsForRole("ADMIN")).models.map((model) => model.id)}
        userName={filters.user ? (rows[0]?.user.name ?? null) : null}
      />
      {result.error ? (
        <div className="mt-4">
          <FormMessage error={result.error} />
        </div>
      ) : null}
      <ComparisonsTable
        rows={rows}
        filters={filters}
        textLimit={TEXT_START}
        empty={
          result.error
            ? "No comparisons to show."
            : filtered
              ? "No comparisons match these filters."
              : "No comparisons recorded yet."
        }
      />
      <Pager
        path="/admin/comparisons"
        filters={filters}
        newer={result.data?.newer ?? null}
        older={result.data?.older ?? null}
      />
    </main>
  );
}
