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

// The leaderboard for every signed-in user, when an admin has made it public; "not found" otherwise
// (lib/leaderboard decides). Admins see the same board under Admin → Leaderboard, with the topic filter.
export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const {
    after: _after,
    before: _before,
    topic: _topic,
    ...filters
  } = listInput(await searchParams, LEADERBOARD_FILTER_KEYS);
  const result = await loadList(async () => getLeaderboard(await currentActor(), filters));
  return (
    <div className="h-full overflow-y-auto">
      <main className="mx-auto max-w-5xl px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">Leaderboard</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          How the models compare, from people’s votes and ratings.
        </p>
        <LeaderboardFilters path="/leaderboard" filters={filters} topic={false} />
        {result.error ? (
          <div className="mt-4">
            <FormMessage error={result.error} />
          </div>
        ) : null}
        {result.data ? <LeaderboardView board={result.data} /> : null}
      </main>
    </div>
  );
}
