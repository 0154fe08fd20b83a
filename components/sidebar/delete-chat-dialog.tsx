"use client";

import type { ConversationSummary } from "@/lib/chat/types";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** Open while `conversation` is set. */
export function DeleteChatDialog({
  conversation,
  onConfirm,
  onCancel,
}: {
  conversation: ConversationSummary | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      open={conversation !== null}
      title="Delete chat?"
      body={
        <>
          This deletes <strong>{conversation?.title}</strong> with its messages and ratings. Undo brings the
          chat back for a few minutes, but not its ratings.
        </>
      }
      confirmLabel="Delete"
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
