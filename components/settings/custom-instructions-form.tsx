"use client";

import { useState, useTransition } from "react";
import { updateCustomInstructionsAction } from "@/lib/users/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function CustomInstructionsForm({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await updateCustomInstructionsAction({ customInstructions: value });
          setMessage(result.ok ? { success: "Custom instructions saved." } : { error: result.error.message });
        });
      }}
    >
      <label htmlFor="custom-instructions" className="text-sm text-zinc-600 dark:text-zinc-400">
        What should the model know about you or how you like answers? Used as the system prompt of your new
        chats.
      </label>
      <textarea
        id="custom-instructions"
        aria-label="Custom instructions"
        value={value}
        maxLength={8000}
        rows={5}
        onChange={(e) => setValue(e.target.value)}
        className="rounded-md border border-zinc-300 bg-white p-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      <FormMessage error={message.error} success={message.success} />
      <div>
        <Button type="submit" disabled={pending}>
          Save instructions
        </Button>
      </div>
    </form>
  );
}
