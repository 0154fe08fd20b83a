"use client";

import { useState, useTransition } from "react";
import { setApiRolesAction } from "@/lib/settings/actions";
import { ROLES } from "@/lib/settings/schemas";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Role = (typeof ROLES)[number];
const LABEL: Record<Role, string> = { USER: "Users may use the API", ADMIN: "Admins may use the API" };

/**
 * Admin → Users → API access: which roles' keys /api/v1 accepts. Saved with a button, not on each
 * click, so that turning off the API for every user is a deliberate act.
 */
export function ApiAccess({ initial }: { initial: Role[] }) {
  const [roles, setRoles] = useState<Role[]>(initial);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [pending, startTransition] = useTransition();
  const toggle = (role: Role) => {
    setSaved(undefined);
    setRoles((now) => (now.includes(role) ? now.filter((r) => r !== role) : [...now, role]));
  };
  return (
    <form
      aria-labelledby="api-access-heading"
      className="mt-4 flex flex-col gap-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setApiRolesAction({ apiRoles: roles });
          setError(result.ok ? undefined : result.error.message);
          setSaved(result.ok ? "API access saved." : undefined);
        });
      }}
    >
      <h2 id="api-access-heading" className="text-sm font-semibold">
        API access
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Whose API keys work at <code>/api/v1</code>. A role without access gets 403 on its next request; its
        keys are kept and work again when access is turned back on.
      </p>
      <div className="flex flex-wrap items-center gap-4">
        {ROLES.map((role) => (
          <label key={role} className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={roles.includes(role)} onChange={() => toggle(role)} />
            {LABEL[role]}
          </label>
        ))}
        <Button type="submit" variant="secondary" disabled={pending} className="px-3 py-1.5">
          Save API access
        </Button>
      </div>
      <FormMessage error={error} success={saved} />
    </form>
  );
}
