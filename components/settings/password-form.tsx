"use client";

import { useState, useTransition } from "react";
import { changePasswordAction } from "@/lib/users/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

/** `changed`: the page was reloaded after a successful change (which re-issues this device's session). */
export function PasswordForm({ hasPassword, changed = false }: { hasPassword: boolean; changed?: boolean }) {
  const [message, setMessage] = useState<{
    error?: string;
    success?: string;
    fields?: Record<string, string>;
  }>(changed ? { success: "Password changed. Your other devices were signed out." } : {});
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        startTransition(async () => {
          const result = await changePasswordAction({
            currentPassword: textField(data, "currentPassword"),
            newPassword: textField(data, "newPassword"),
          });
          if (result.ok) {
            form.reset();
            setMessage({ success: "Password changed." });
          } else {
            setMessage({
              error: result.error.message,
              ...(result.error.fieldErrors ? { fields: result.error.fieldErrors } : {}),
            });
          }
        });
      }}
    >
      <FormMessage error={message.fields ? undefined : message.error} success={message.success} />
      {hasPassword ? (
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          error={message.fields?.currentPassword}
        />
      ) : null}
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={message.fields?.newPassword}
      />
      <div>
        <Button type="submit" disabled={pending}>
          Change password
        </Button>
      </div>
    </form>
  );
}

/** A text input's value (FormData may also hold files, never in this form). */
function textField(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}
