"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { setDefaultModelAction } from "@/lib/models/admin/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "./select-field";

/** The default model for new chats; "" = the settings decide (DEFAULT_MODEL). */
export function DefaultModelForm({
  current,
  choices,
}: {
  current: string | null;
  choices: { id: string; label: string }[];
}) {
  const router = useRouter();
  const [value, setValue] = useState(current ?? "");
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setDefaultModelAction({ modelId: value || null });
          setMessage(result.ok ? { success: "Default model saved." } : { error: result.error.message });
          if (result.ok) router.refresh();
        });
      }}
    >
      <div className="min-w-72">
        <SelectField
          label="Default model for new chats"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        >
          <option value="">As the settings say (DEFAULT_MODEL)</option>
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </SelectField>
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        Save default
      </Button>
      <div className="basis-full">
        <FormMessage error={message.error} success={message.success} />
      </div>
    </form>
  );
}
