import Link from "next/link";
import type { AdminUserRow } from "@/lib/admin/users";
import { UserActions } from "./user-actions";
import { formatTime } from "../format-time";
import { cellClass, ListTable, rowClass } from "../list/table";

const COLUMNS = [
  "Name",
  "Email",
  "Role",
  "Conversations",
  "Ratings",
  "Consent",
  "Status",
  "Created",
  "Actions",
] as const;

export function UsersTable({
  rows,
  selfId,
  empty,
}: {
  rows: AdminUserRow[];
  selfId: string | undefined;
  empty: string | null;
}) {
  return (
    <ListTable caption="Users" columns={COLUMNS} empty={rows.length === 0 ? empty : null}>
      {rows.map((user) => {
        const name = user.name || user.email;
        return (
          <tr key={user.id} className={rowClass}>
            <td className={cellClass}>{user.name}</td>
            <td className={`${cellClass} break-all`}>{user.email}</td>
            <td className={cellClass}>{user.role === "ADMIN" ? "Admin" : "User"}</td>
            <td className={`${cellClass} tabular-nums`}>{user.conversations.toLocaleString("en-US")}</td>
            <td className={`${cellClass} tabular-nums`}>
              {user.ratings > 0 ? (
                <Link href={`/admin/feedback?user=${user.id}`} className="underline">
                  {user.ratings.toLocaleString("en-US")}
                  <span className="sr-only"> ratings by {name}</span>
                </Link>
              ) : (
                0
              )}
            </td>
            <td className={cellClass}>{user.trainingConsent ? "On" : "Off"}</td>
            <td className={cellClass}>{user.disabled ? "Disabled" : "Active"}</td>
            <td className={`${cellClass} whitespace-nowrap`}>
              <time dateTime={user.createdAt.toISOString()}>{formatTime(user.createdAt)}</time>
            </td>
            <td className={cellClass}>
              <UserActions
                userId={user.id}
                name={name}
                email={user.email}
                role={user.role}
                disabled={user.disabled}
                isSelf={user.id === selfId}
              />
            </td>
          </tr>
        );
      })}
    </ListTable>
  );
}
