"use client";

import { useState, useTransition } from "react";
import { useConversations } from "@/components/sidebar/conversations-context";
import { deleteAllConversationsAction } from "@/lib/users/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";

/** "Delete all conversations": every conversation, with its ratings and signals, after a confirmation. */
export function DeleteConversations() {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [pending, startTransition] = useTransition();
  const { reset } = useConversations();
  return (
    <div className="flex flex-col gap-2">
      <div>
        <Button type="button" variant="secondary" disabled={pending} onClick={() => setOpen(true)}>
          Delete all conversations
        </Button>
      </div>
      <FormMessage error={error} success={done} />
      <ConfirmDialog
        open={open}
        title="Delete all conversations?"
        body="Every conversation goes, with its messages, ratings and comparisons. This cannot be undone."
        confirmLabel="Delete all"
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          startTransition(async () => {
            const result = await deleteAllConversationsAction({ confirm: true });
            if (result.ok) {
              setError(undefined);
              setDone(`Deleted ${result.data.deleted} conversation${result.data.deleted === 1 ? "" : "s"}.`);
              reset([], null);
            } else {
              setDone(undefined);
              setError(result.error.message);
            }
          });
        }}
      />
    </div>
  );
}
