"use client";

import { useState, useTransition } from "react";
import { setUserDisabledAction, setUserRoleAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";

export function UserActions({
  userId,
  name,
  role,
  disabled,
}: {
  userId: string;
  name: string;
  role: "USER" | "ADMIN";
  disabled: boolean;
}) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<{ ok: boolean; error?: { message: string } }>) =>
    startTransition(async () => {
      const result = await work();
      setError(result.ok ? undefined : result.error?.message);
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        className="px-2 py-1 text-xs"
        disabled={pending}
        aria-label={`${role === "ADMIN" ? "Demote" : "Promote"} ${name}`}
        onClick={() => run(() => setUserRoleAction({ userId, role: role === "ADMIN" ? "USER" : "ADMIN" }))}
      >
        {role === "ADMIN" ? "Demote" : "Make admin"}
      </Button>
      <Button
        variant="secondary"
        className="px-2 py-1 text-xs"
        disabled={pending}
        aria-label={`${disabled ? "Enable" : "Disable"} ${name}`}
        onClick={() => run(() => setUserDisabledAction({ userId, disabled: !disabled }))}
      >
        {disabled ? "Enable" : "Disable"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </div>
  );
}
