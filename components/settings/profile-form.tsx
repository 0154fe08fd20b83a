"use client";

import { useState, useTransition } from "react";
import { updateProfileAction } from "@/lib/users/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const [value, setValue] = useState(name);
  const [message, setMessage] = useState<{ error?: string; success?: string; field?: string }>({});
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await updateProfileAction({ name: value });
          setMessage(
            result.ok
              ? { success: "Name saved." }
              : {
                  error: result.error.message,
                  ...(result.error.fieldErrors?.name ? { field: result.error.fieldErrors.name } : {}),
                },
          );
          if (result.ok) setValue(result.data.name);
        });
      }}
    >
      <FormMessage error={message.field ? undefined : message.error} success={message.success} />
      <Field label="Email" value={email} readOnly disabled />
      <Field
        label="Name"
        name="name"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={message.field}
      />
      <div>
        <Button type="submit" disabled={pending}>
          Save name
        </Button>
      </div>
    </form>
  );
}
