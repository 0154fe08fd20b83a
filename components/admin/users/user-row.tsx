"use client";

import { Fragment, useState, useTransition } from "react";
import Link from "next/link";
import type { AdminUserRow } from "@/lib/admin/users";
import type { ApiKeySummary } from "@/lib/api-keys/api-keys";
import { listUserApiKeysAction } from "@/lib/api-keys/actions";
import { FormMessage } from "@/components/ui/form-message";
import { UserActions } from "./user-actions";
import { UserApiKeys } from "./user-api-keys";
import { formatTime } from "../format-time";
import { cellClass, rowClass } from "../list/table";

/**
 * One account in Admin → Users, and under it, when the admin opens "API keys", a row with that user's
 * keys. They are read when opened (and again on each opening, so they are current), not with the page.
 */
export function UserRow({
  user,
  isSelf,
  columns,
  keyListLimit,
}: {
  user: AdminUserRow;
  isSelf: boolean;
  columns: number;
  keyListLimit: number;
}) {
  const name = user.name || user.email;
  const [open, setOpen] = useState(false);
  const [keys, setKeys] = useState<ApiKeySummary[] | null>(null);
  const [error, setError] = useState<string>();
  const [loading, startTransition] = useTransition();
  const panelId = `api-keys-${user.id}`;

  const toggleKeys = () => {
    if (open) {
      setOpen(false);
      return;
    }
    setOpen(true);
    startTransition(async () => {
      const result = await listUserApiKeysAction({ userId: user.id });
      setKeys(result.ok ? result.data : null);
      setError(result.ok ? undefined : result.error.message);
    });
  };

  return (
    <Fragment>
      <tr className={rowClass}>
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
          <time dateTime={new Date(user.createdAt).toISOString()}>{formatTime(user.createdAt)}</time>
        </td>
        <td className={`${cellClass} whitespace-nowrap`}>
          {user.apiKeys.total === 0 ? (
            <span className="text-zinc-500">None</span>
          ) : (
            <button
              type="button"
              aria-expanded={open}
              aria-controls={panelId}
              onClick={toggleKeys}
              className="flex flex-col items-start text-left underline-offset-2 hover:underline"
            >
              <span>
                API keys ({user.apiKeys.total.toLocaleString("en-US")})
                <span className="sr-only"> of {name}</span>
              </span>
              <span className="text-xs text-zinc-500">
                {user.apiKeys.active.toLocaleString("en-US")} active
              </span>
            </button>
          )}
        </td>
        <td className={cellClass}>
          <UserActions
            userId={user.id}
            name={name}
            email={user.email}
            role={user.role}
            disabled={user.disabled}
            isSelf={isSelf}
          />
        </td>
      </tr>
      {open ? (
        <tr id={panelId} className="bg-zinc-50 dark:bg-zinc-900/50">
          <td colSpan={columns} className="px-6 py-3">
            {error ? (
              <FormMessage error={error} />
            ) : keys === null || loading ? (
              <p className="text-sm text-zinc-500" role="status">
                Loading API keys…
              </p>
            ) : (
              <UserApiKeys
                owner={name}
                keys={keys}
                total={user.apiKeys.total}
                limit={keyListLimit}
                onRevoked={(revoked) =>
                  setKeys((now) => now?.map((k) => (k.id === revoked.id ? revoked : k)) ?? null)
                }
              />
            )}
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
