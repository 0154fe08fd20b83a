"use client";

import { useState, useTransition } from "react";
import { createApiKeyAction } from "@/lib/api-keys/actions";
import { RevokeKeyButton } from "@/components/api-keys/revoke-key-button";
import type { ApiKeySummary } from "@/lib/api-keys/api-keys";
import { API_SCOPES, type ApiScope } from "@/lib/api-keys/scopes";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");

function KeyRow({ apiKey, onRevoked }: { apiKey: ApiKeySummary; onRevoked: (key: ApiKeySummary) => void }) {
  return (
    <tr className="border-t border-zinc-200 dark:border-zinc-800">
      <td className="py-2 pr-3">{apiKey.name}</td>
      <td className="py-2 pr-3 font-mono text-xs">{apiKey.prefix}…</td>
      <td className="py-2 pr-3">{apiKey.scopes.join(", ")}</td>
      <td className="py-2 pr-3">{day(apiKey.createdAt)}</td>
      <td className="py-2 pr-3">{apiKey.lastUsedAt ? day(apiKey.lastUsedAt) : "Never"}</td>
      <td className="py-2 pr-3">{apiKey.expiresAt ? day(apiKey.expiresAt) : "Never"}</td>
      <td className="py-2">
        {apiKey.revokedAt ? (
          <span className="text-zinc-500">Revoked</span>
        ) : (
          <>
            {apiKey.expired ? <span className="mr-2 text-zinc-500">Expired</span> : null}
            <RevokeKeyButton apiKey={apiKey} onRevoked={onRevoked} />
          </>
        )}
      </td>
    </tr>
  );
}

/** Settings → API keys: create (shown once, with Copy), list, revoke. */
export function ApiKeys({ initial }: { initial: ApiKeySummary[] }) {
  const [keys, setKeys] = useState(initial);
  const [name, setName] = useState("");
  const [expiresAt, setExpiresAt] = useState("");
  const [scopes, setScopes] = useState<ApiScope[]>(["chat", "feedback"]);
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  const toggle = (scope: ApiScope) =>
    setScopes((now) => (now.includes(scope) ? now.filter((s) => s !== scope) : [...now, scope]));

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Keys let programs use Flywheel&apos;s OpenAI-compatible API (base URL <code>/api/v1</code>). Treat a
        key like a password.
      </p>
      {created ? (
        <div
          role="status"
          className="flex flex-col gap-2 rounded-md border border-emerald-300 p-3 dark:border-emerald-800"
        >
          <p className="text-sm font-medium">Copy your new key now: it will not be shown again.</p>
          <div className="flex items-center gap-2">
            <code
              aria-label="New API key"
              className="break-all rounded bg-zinc-100 px-2 py-1 text-xs dark:bg-zinc-800"
            >
              {created}
            </code>
            <Button
              type="button"
              variant="secondary"
              className="px-2 py-1"
              onClick={() => {
                void navigator.clipboard.writeText(created).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
          <div>
            <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
      <form
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const result = await createApiKeyAction({
              name,
              scopes,
              expiresAt: expiresAt ? `${expiresAt}T23:59:59Z` : null,
            });
            if (!result.ok) {
              setErrors(result.error.fieldErrors ?? {});
              setError(result.error.fieldErrors ? undefined : result.error.message);
              return;
            }
            setErrors({});
            setError(undefined);
            setCreated(result.data.key);
            setCopied(false);
            setKeys((now) => [result.data.apiKey, ...now]);
            setName("");
            setExpiresAt("");
          });
        }}
      >
        <Field
          label="Key name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          maxLength={80}
        />
        <Field
          label="Expires (optional)"
          type="date"
          value={expiresAt}
          onChange={(e) => setExpiresAt(e.target.value)}
          error={errors.expiresAt}
          hint="The key stops working at the end of this day (UTC). Empty: it never expires."
        />
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium">Scopes</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} />
              {scope === "chat" ? "chat — completions and models" : "feedback — ratings and comparisons"}
            </label>
          ))}
          {errors.scopes ? <p className="text-sm text-red-700 dark:text-red-400">{errors.scopes}</p> : null}
        </fieldset>
        <FormMessage error={error} />
        <div>
          <Button type="submit" disabled={pending}>
            Create API key
          </Button>
        </div>
      </form>
      {keys.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Your API keys</caption>
            <thead>
              <tr className="text-xs text-zinc-500">
                <th className="py-1 pr-3 font-medium">Name</th>
                <th className="py-1 pr-3 font-medium">Key</th>
                <th className="py-1 pr-3 font-medium">Scopes</th>
                <th className="py-1 pr-3 font-medium">Created</th>
                <th className="py-1 pr-3 font-medium">Last used</th>
                <th className="py-1 pr-3 font-medium">Expires</th>
                <th className="py-1 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((apiKey) => (
                <KeyRow
                  key={apiKey.id}
                  apiKey={apiKey}
                  onRevoked={(revoked) =>
                    setKeys((now) => now.map((k) => (k.id === revoked.id ? revoked : k)))
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-zinc-500">No API keys yet.</p>
      )}
    </div>
  );
}
