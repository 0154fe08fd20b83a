"use client";

import type { ApiKeySummary } from "@/lib/api-keys/api-keys";
import { RevokeKeyButton } from "@/components/api-keys/revoke-key-button";
import { formatTime } from "../format-time";

function status(key: ApiKeySummary): "Revoked" | "Expired" | "Active" {
  if (key.revokedAt) return "Revoked";
  return key.expired ? "Expired" : "Active";
}

const when = (iso: string | null, none: string) =>
  iso ? <time dateTime={iso}>{formatTime(iso)}</time> : <span className="text-zinc-500">{none}</span>;

function KeyRow({ apiKey, onRevoked }: { apiKey: ApiKeySummary; onRevoked: (key: ApiKeySummary) => void }) {
  const state = status(apiKey);
  return (
    <tr className="border-t border-zinc-200 dark:border-zinc-800">
      <td className="py-1.5 pr-3">{apiKey.name}</td>
      <td className="py-1.5 pr-3 font-mono text-xs">{apiKey.prefix}…</td>
      <td className="py-1.5 pr-3">{apiKey.scopes.join(", ")}</td>
      <td className="py-1.5 pr-3 whitespace-nowrap">{when(apiKey.createdAt, "—")}</td>
      <td className="py-1.5 pr-3 whitespace-nowrap">{when(apiKey.lastUsedAt, "Never")}</td>
      <td className="py-1.5 pr-3 whitespace-nowrap">{when(apiKey.expiresAt, "Never")}</td>
      <td className={`py-1.5 pr-3 ${state === "Active" ? "" : "text-zinc-500"}`}>{state}</td>
      <td className="py-1.5">
        {/* An expired key can still be revoked: nobody can extend it, but revoking says it is dealt with. */}
        {apiKey.revokedAt ? null : (
          <RevokeKeyButton apiKey={apiKey} onRevoked={onRevoked} className="px-2 py-1 text-xs" />
        )}
      </td>
    </tr>
  );
}

/** One user's keys inside Admin → Users: the newest `limit`, each with its state and Revoke. */
export function UserApiKeys({
  owner,
  keys,
  total,
  limit,
  onRevoked,
}: {
  owner: string;
  keys: ApiKeySummary[];
  total: number;
  limit: number;
  onRevoked: (key: ApiKeySummary) => void;
}) {
  if (keys.length === 0) return <p className="text-sm text-zinc-500">{owner} has no API keys.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">API keys of {owner}</caption>
        <thead>
          <tr className="text-xs text-zinc-500">
            {["Name", "Key", "Scopes", "Created", "Last used", "Expires", "Status"].map((column) => (
              <th key={column} scope="col" className="py-1 pr-3 font-medium">
                {column}
              </th>
            ))}
            <th scope="col" className="py-1 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((apiKey) => (
            <KeyRow key={apiKey.id} apiKey={apiKey} onRevoked={onRevoked} />
          ))}
        </tbody>
      </table>
      {total > keys.length && keys.length >= limit ? (
        <p className="mt-1 text-xs text-zinc-500">
          Showing the newest {keys.length} of {total.toLocaleString("en-US")} keys.
        </p>
      ) : null}
    </div>
  );
}
