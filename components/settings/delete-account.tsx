"use client";

import { useState, useTransition } from "react";
import { deleteAccountAction } from "@/lib/users/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function DeleteAccount({ email }: { email: string }) {
  const [confirming, setConfirming] = useState(false);
  const [confirmation, setConfirmation] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  if (!confirming) {
    return (
      <div>
        <Button type="button" variant="danger" onClick={() => setConfirming(true)}>
          Delete account
        </Button>
      </div>
    );
  }
  return (
    <form
      aria-label="Confirm account deletion"
      className="flex flex-col gap-3 rounded-lg border border-red-300 p-4 dark:border-red-900"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await deleteAccountAction({ confirmation });
          // On success the action redirects to sign-in; we only get here on failure.
          if (result && !result.ok) setError(result.error.message);
        });
      }}
    >
      <p className="text-sm">
        This permanently deletes your account, your conversations and your ratings. Type{" "}
        <strong>{email}</strong> to confirm.
      </p>
      <FormMessage error={error} />
      <Field
        label="Confirm email"
        value={confirmation}
        onChange={(e) => setConfirmation(e.target.value)}
        autoComplete="off"
      />
      <div className="flex gap-2">
        <Button
          type="submit"
          variant="danger"
          disabled={pending || confirmation.trim().toLowerCase() !== email}
        >
          Delete my account permanently
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
