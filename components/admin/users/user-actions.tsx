"use client";

import { useState, useTransition } from "react";
import { deleteUserAction, setUserDisabledAction, setUserRoleAction } from "@/lib/admin/user-actions";
import type { ActionResult } from "@/lib/errors/action-result";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";

const small = "px-2 py-1 text-xs";

/** A user row's actions. Every button names the user, so each is findable among 50 rows. */
export function UserActions({
  userId,
  name,
  email,
  role,
  disabled,
  isSelf = false,
}: {
  userId: string;
  name: string;
  email?: string;
  role: "USER" | "ADMIN";
  disabled: boolean;
  /** The signed-in admin's own row: no Delete (that is done from Settings). */
  isSelf?: boolean;
}) {
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [confirmation, setConfirmation] = useState("");
  const [confirmError, setConfirmError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      const result = await work();
      setError(result.ok ? undefined : result.error.message);
    });

  const closeDialog = () => {
    setConfirming(false);
    setConfirmation("");
    setConfirmError(undefined);
  };
  const confirmDelete = () => {
    if (!email || confirmation.trim().toLowerCase() !== email) {
      setConfirmError("Type the user's email exactly to confirm.");
      return;
    }
    closeDialog();
    run(() => deleteUserAction({ userId, confirmation }));
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        className={small}
        disabled={pending}
        aria-label={`${role === "ADMIN" ? "Demote" : "Promote"} ${name}`}
        onClick={() => run(() => setUserRoleAction({ userId, role: role === "ADMIN" ? "USER" : "ADMIN" }))}
      >
        {role === "ADMIN" ? "Demote" : "Make admin"}
      </Button>
      <Button
        variant="secondary"
        className={small}
        disabled={pending}
        aria-label={`${disabled ? "Enable" : "Disable"} ${name}`}
        onClick={() => run(() => setUserDisabledAction({ userId, disabled: !disabled }))}
      >
        {disabled ? "Enable" : "Disable"}
      </Button>
      {email && !isSelf ? (
        <>
          <Button
            variant="danger"
            className={small}
            disabled={pending}
            aria-label={`Delete ${name}`}
            onClick={() => setConfirming(true)}
          >
            Delete
          </Button>
          <ConfirmDialog
            open={confirming}
            title="Delete user?"
            confirmLabel="Delete user"
            onCancel={closeDialog}
            onConfirm={confirmDelete}
            body={
              <div className="flex flex-col gap-3">
                <p>
                  This permanently deletes <strong>{name}</strong> with their conversations, ratings and
                  comparisons. It cannot be undone. Type <strong>{email}</strong> to confirm.
                </p>
                <Field
                  label="Confirm email"
                  value={confirmation}
                  error={confirmError}
                  autoComplete="off"
                  onChange={(event) => setConfirmation(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === "Enter") {
                      event.preventDefault();
                      confirmDelete();
                    }
                  }}
                />
              </div>
            }
          />
        </>
      ) : null}
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </div>
  );
}
