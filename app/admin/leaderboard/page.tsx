import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/session";
import { getLeaderboard } from "@/lib/leaderboard/leaderboard";
import { LEADERBOARD_FILTER_KEYS } from "@/lib/leaderboard/schemas";
import { FormMessage } from "@/components/ui/form-message";
import { loadList } from "@/components/admin/list/load-list";
import { listInput, type SearchParams } from "@/components/admin/list/search-params";
import { LeaderboardFilters } from "@/components/leaderboard/leaderboard-filters";
import { LeaderboardView } from "@/components/leaderboard/leaderboard-view";

export const metadata: Metadata = { title: "Leaderboard" };

export default async function AdminLeaderboardPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const {
    after: _after,
    before: _before,
    ...filters
  } = listInput(await searchParams, LEADERBOARD_FILTER_KEYS);
  const result = await loadList(async () => getLeaderboard(await currentActor(), filters));
  return (
    <main>
      <h1 className="text-2xl font-semibold tracking-tight">Leaderboard</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Models ranked by every comparison: arena votes, “Is this response better or worse?”, and preferences
        implied by thumbs up on one answer and down on another.
      </p>
      <LeaderboardFilters path="/admin/leaderboard" filters={filters} topic />
      {result.error ? (
        <div className="mt-4">
          <FormMessage error={result.error} />
        </div>
      ) : null}
      {result.data ? <LeaderboardView board={result.data} /> : null}
    </main>
  );
}
