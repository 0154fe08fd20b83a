import Link from "next/link";
import type { AuditLogRow } from "@/lib/audit/list-audit-log";
import { formatTime } from "../format-time";
import { listHref } from "../list/search-params";
import { cellClass, ListTable, rowClass } from "../list/table";
import { formatDetails } from "./format-details";

const COLUMNS = ["Time", "Admin", "Action", "Target", "Details"] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Target({ row }: { row: AuditLogRow }) {
  if (row.targetType === "user") {
    if (row.targetUser)
      return (
        <>
          user {row.targetUser.name || row.targetUser.email} ({row.targetUser.email})
        </>
      );
    return <>{row.targetId ? `user ${row.targetId} (deleted)` : "user"}</>;
  }
  // A rating opens on its review page (still there unless its conversation was deleted).
  if (row.targetType === "feedback" && row.targetId && UUID.test(row.targetId)) {
    return (
      <>
        feedback{" "}
        <Link href={`/admin/feedback/${row.targetId}`} className="underline">
          {row.targetId}
        </Link>
      </>
    );
  }
  return <>{row.targetId ? `${row.targetType} ${row.targetId}` : row.targetType}</>;
}

export function AuditTable({
  rows,
  filters,
  empty,
}: {
  rows: AuditLogRow[];
  filters: Record<string, string>;
  empty: string | null;
}) {
  return (
    <ListTable caption="Audit log" columns={COLUMNS} empty={rows.length === 0 ? empty : null}>
      {rows.map((row) => (
        <tr key={row.id} className={rowClass}>
          <td className={`${cellClass} whitespace-nowrap`}>
            <time dateTime={row.createdAt.toISOString()}>{formatTime(row.createdAt)}</time>
          </td>
          <td className={`${cellClass} break-all`}>
            <Link
              href={listHref("/admin/audit", { ...filters, admin: row.actorEmail })}
              className="underline"
              aria-label={`Only actions by ${row.actorEmail}`}
            >
              {row.actorEmail}
            </Link>
          </td>
          <td className={`${cellClass} font-mono text-xs whitespace-nowrap`}>{row.action}</td>
          <td className={`${cellClass} break-all`}>
            <Target row={row} />
          </td>
          <td className={`${cellClass} break-words text-zinc-700 dark:text-zinc-300`}>
            {formatDetails(row.details)}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
