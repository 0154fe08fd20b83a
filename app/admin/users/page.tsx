import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/admin/users";
import { FormMessage } from "@/components/ui/form-message";
import { loadList } from "@/components/admin/list/load-list";
import { listInput, type SearchParams } from "@/components/admin/list/search-params";
import { Pager } from "@/components/admin/list/pager";
import { UserSearch } from "@/components/admin/users/user-search";
import { UsersTable } from "@/components/admin/users/users-table";
import { ApiAccess } from "@/components/admin/users/api-access";
import { getAppSettings } from "@/lib/settings/app-settings";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const input = listInput(await searchParams, ["q"]);
  const actor = await currentActor();
  const [result, settings] = await Promise.all([
    loadList(() => listUsers(actor, input)),
    loadList(() => getAppSettings(actor)),
  ]);
  const filters: Record<string, string> = input.q ? { q: input.q } : {};
  return (
    <main>
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      {settings.data ? <ApiAccess initial={settings.data.apiRoles} /> : null}
      <UserSearch q={input.q ?? ""} />
      {result.error ? (
        <div className="mt-4">
          <FormMessage error={result.error} />
        </div>
      ) : null}
      <UsersTable
        rows={result.data?.rows ?? []}
        selfId={actor?.userId}
        empty={result.error ? "No users to show." : input.q ? "No users match this search." : "No users yet."}
      />
      <Pager
        path="/admin/users"
        filters={filters}
        newer={result.data?.newer ?? null}
        older={result.data?.older ?? null}
      />
    </main>
  );
}
