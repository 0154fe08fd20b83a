import { currentActor } from "@/lib/auth/session";
import { getAdminTotals } from "@/lib/admin/overview";
import { listUsers } from "@/lib/admin/users";
import { UserActions } from "@/components/admin/user-actions";

export const metadata = { title: "Overview" };

export default async function AdminOverviewPage() {
  const actor = await currentActor();
  const [totals, users] = await Promise.all([getAdminTotals(actor), listUsers(actor)]);
  const cards = [
    ["Users", totals.users],
    ["Admins", totals.admins],
    ["Conversations", totals.conversations],
    ["Messages", totals.messages],
    ["Rated answers", totals.ratings],
    ["Usable for training", totals.usableRatings],
  ] as const;
  return (
    <main>
      <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
      <dl className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-5">
        {cards.map(([label, value]) => (
          <div key={label} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <dt className="text-xs uppercase tracking-wide text-zinc-500">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{value.toLocaleString("en-US")}</dd>
          </div>
        ))}
      </dl>
      <h2 className="mt-10 text-lg font-semibold">Users</h2>
      <div className="mt-3 overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Email</th>
              <th className="px-3 py-2">Role</th>
              <th className="px-3 py-2">Training consent</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="px-3 py-2">{user.name}</td>
                <td className="px-3 py-2">{user.email}</td>
                <td className="px-3 py-2">{user.role === "ADMIN" ? "Admin" : "User"}</td>
                <td className="px-3 py-2">{user.trainingConsent ? "On" : "Off"}</td>
                <td className="px-3 py-2">{user.disabled ? "Disabled" : "Active"}</td>
                <td className="px-3 py-2">
                  <UserActions
                    userId={user.id}
                    name={user.name || user.email}
                    role={user.role}
                    disabled={user.disabled}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
