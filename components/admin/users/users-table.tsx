import type { AdminUserRow } from "@/lib/admin/users";
import { ADMIN_KEY_LIST_LIMIT } from "@/lib/api-keys/api-keys";
import { UserRow } from "./user-row";
import { ListTable } from "../list/table";

const COLUMNS = [
  "Name",
  "Email",
  "Role",
  "Conversations",
  "Ratings",
  "Consent",
  "Status",
  "Created",
  "API keys",
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
      {rows.map((user) => (
        <UserRow
          key={user.id}
          user={user}
          isSelf={user.id === selfId}
          columns={COLUMNS.length}
          keyListLimit={ADMIN_KEY_LIST_LIMIT}
        />
      ))}
    </ListTable>
  );
}
